using System.Text.Json;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Faults;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/copy_v2, files/move_v2 and their batch routes (§2.5).</summary>
internal static class RelocationRoutes
{
    public static void Register(RouteTable t)
    {
        t.Rpc("files/copy_v2", ctx => RelocateAsync(ctx, move: false));
        t.Rpc("files/move_v2", ctx => RelocateAsync(ctx, move: true));
        t.Rpc("files/copy_batch_v2", ctx => LaunchBatchAsync(ctx, move: false));
        t.Rpc("files/move_batch_v2", ctx => LaunchBatchAsync(ctx, move: true));
        t.Rpc("files/copy_batch/check_v2", BatchJobSupport.CheckAsync);
        t.Rpc("files/move_batch/check_v2", BatchJobSupport.CheckAsync);
    }

    private const string TooManyWriteOperations = "too_many_write_operations";

    private sealed record Entry(PathSpec? From, PathSpec? To, string[]? Failure);

    private static async Task RelocateAsync(ApiContext ctx, bool move)
    {
        var args = ctx.Args.RequireObject();
        var entry = ReadEntry(args);
        bool autorename = ReadOptions(args, move);
        if (entry.Failure is not null)
        {
            throw ApiContext.Error(entry.Failure);
        }
        Item item;
        try
        {
            item = await ctx.Store.RelocateAsync(ctx.User, entry.From!, entry.To!, move, autorename, ctx.Aborted);
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Error(p.Tags);
        }
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("metadata");
            MetadataJson.Write(w, item, withTag: true);
            w.WriteEndObject();
        });
    }

    private static Task LaunchBatchAsync(ApiContext ctx, bool move)
    {
        var args = ctx.Args.RequireObject();
        var entries = BatchJobSupport.ReadEntries(args).Select(ReadEntry).ToList();
        bool autorename = ReadOptions(args, move);
        MarkOverlaps(entries);
        var contended = BatchEntryFaults.For(ctx.Http, entries.Count);
        var store = ctx.Store;
        var account = ctx.User;
        return BatchJobSupport.LaunchAsync(ctx, async () =>
        {
            var results = new List<Action<Utf8JsonWriter>>(entries.Count);
            foreach (var (entry, i) in entries.Select((e, i) => (e, i)))
            {
                string[]? failure = entry.Failure ?? (contended[i] ? [TooManyWriteOperations] : null);
                Item? item = null;
                if (failure is null)
                {
                    try
                    {
                        item = await store.RelocateAsync(account, entry.From!, entry.To!, move, autorename).ConfigureAwait(false);
                    }
                    catch (PathProblemException p)
                    {
                        failure = p.Tags;
                    }
                }
                results.Add(failure is null ? Success(item!) : Failure(failure));
            }
            return results;
        });
    }

    private static Action<Utf8JsonWriter> Success(Item item) => w =>
    {
        w.WriteStartObject();
        w.WriteString(".tag", "success");
        w.WritePropertyName("success");
        MetadataJson.Write(w, item, withTag: true);
        w.WriteEndObject();
    };

    private static Action<Utf8JsonWriter> Failure(string[] tags) => w =>
    {
        w.WriteStartObject();
        w.WriteString(".tag", "failure");
        w.WritePropertyName("failure");
        ErrorValue.Chain(tags is [TooManyWriteOperations] ? tags : ["relocation_error", .. tags]).Write(w);
        w.WriteEndObject();
    };

    /// <summary>Reads from_path/to_path; a malformed path is this entry's failure (a pattern mismatch is a 400 for the call).</summary>
    private static Entry ReadEntry(ArgReader args)
    {
        PathSpec from, to;
        try
        {
            from = PathRules.Parse(args, "from_path", PathRules.WritePathOrId, forWrite: false);
        }
        catch (PathProblemException p)
        {
            return new Entry(null, null, ["from_lookup", .. p.Tags]);
        }
        try
        {
            to = PathRules.Parse(args, "to_path", PathRules.WritePathOrId, forWrite: true);
        }
        catch (PathProblemException p)
        {
            return new Entry(null, null, ["to", .. p.Tags]);
        }
        return new Entry(from, to, null);
    }

    private static bool ReadOptions(ArgReader args, bool move)
    {
        args.Bool("allow_shared_folder", false);
        if (move)
        {
            args.Bool("allow_ownership_transfer", false);
        }
        return args.Bool("autorename", false);
    }

    /// <summary>An entry whose source or destination is, or contains, an earlier entry's fails with duplicated_or_nested_paths.</summary>
    private static void MarkOverlaps(List<Entry> entries)
    {
        for (int j = 1; j < entries.Count; j++)
        {
            string?[] mine = [BatchJobSupport.ComparableKey(entries[j].From), BatchJobSupport.ComparableKey(entries[j].To)];
            for (int i = 0; i < j && entries[j].Failure is null; i++)
            {
                string?[] theirs = [BatchJobSupport.ComparableKey(entries[i].From), BatchJobSupport.ComparableKey(entries[i].To)];
                if (mine.Any(m => theirs.Any(t => BatchJobSupport.Overlaps(m, t))))
                {
                    entries[j] = entries[j] with { Failure = ["duplicated_or_nested_paths"] };
                }
            }
        }
    }
}
