using System.Text.Json;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>What the batch routes share: reading the entries list, launching the job, answering /check.</summary>
internal static class BatchJobSupport
{
    public const int MaxEntries = 1000;

    /// <summary>The "entries" list (1..maxEntries objects); anything else is the 400 Dropbox gives.</summary>
    public static List<ArgReader> ReadEntries(ArgReader args, int maxEntries = MaxEntries)
    {
        args.RequireObject();
        if (!args.TryGet("entries", out var list))
        {
            throw args.Bad("missing required field 'entries'");
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw args.Bad($"entries: expected list, got {ArgReader.KindName(list)}");
        }
        int count = list.GetArrayLength();
        if (count == 0 || count > maxEntries)
        {
            throw args.Bad($"entries: list has {count} items, expected between 1 and {maxEntries}");
        }
        var entries = new List<ArgReader>(count);
        foreach (var e in list.EnumerateArray())
        {
            entries.Add(new ArgReader(e, args.Route, args.Source).RequireObject());
        }
        return entries;
    }

    /// <summary>Starts the job and answers {".tag":"async_job_id","async_job_id":"dbjid:..."}.</summary>
    public static Task LaunchAsync(ApiContext ctx, Func<Task<List<Action<Utf8JsonWriter>>>> runEntries)
    {
        string id = ctx.Stores.Jobs.Start(ctx.User, async () =>
        {
            var results = await runEntries().ConfigureAwait(false);
            return w =>
            {
                w.WriteStartArray("entries");
                results.ForEach(write => write(w));
                w.WriteEndArray();
            };
        });
        return ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteString(".tag", "async_job_id");
            w.WriteString("async_job_id", id);
            w.WriteEndObject();
        });
    }

    /// <summary>/check routes: in_progress, complete (with the job's entries) or a 409 PollError.</summary>
    public static async Task CheckAsync(ApiContext ctx)
    {
        string id = ctx.Args.RequireString("async_job_id");
        var job = ctx.Stores.Jobs.Find(ctx.User, id) ?? throw ApiContext.Error("invalid_async_job_id");
        if (!job.Work.IsCompleted)
        {
            await ctx.OkAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString(".tag", "in_progress");
                w.WriteEndObject();
            });
            return;
        }
        if (!job.Work.IsCompletedSuccessfully)
        {
            throw ApiContext.Error("internal_error");
        }
        var writeResult = job.Work.Result;
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteString(".tag", "complete");
            writeResult(w);
            w.WriteEndObject();
        });
    }

    /// <summary>True when one lower-cased path is the other or lies inside it (null: an id: path, which cannot be compared textually).</summary>
    public static bool Overlaps(string? x, string? y) =>
        x is not null && y is not null &&
        (x == y || x.StartsWith(y + "/", StringComparison.Ordinal) || y.StartsWith(x + "/", StringComparison.Ordinal));
}
