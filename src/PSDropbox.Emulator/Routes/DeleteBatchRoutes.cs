using System.Text.Json;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Faults;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/delete_batch, files/delete_batch/check and files/permanently_delete (§2.5).</summary>
internal static class DeleteBatchRoutes
{
    public static void Register(RouteTable t)
    {
        t.Rpc("files/delete_batch", LaunchAsync);
        t.Rpc("files/delete_batch/check", BatchJobSupport.CheckAsync);
        t.Rpc("files/permanently_delete", PermanentlyDeleteAsync);
    }

    private sealed record Entry(PathSpec? Path, string? ParentRev, string[]? Failure);

    private static Entry ReadEntry(ArgReader args)
    {
        try
        {
            var path = PathRules.Parse(args, "path", PathRules.WritePathOrId, forWrite: false);
            return new Entry(path, args.OptionalString("parent_rev"), null);
        }
        catch (PathProblemException p)
        {
            return new Entry(null, null, [DeleteErrorTag(p), .. p.Tags]);
        }
    }

    private static string DeleteErrorTag(PathProblemException p) => p.IsLookup ? "path_lookup" : "path_write";

    private static Task LaunchAsync(ApiContext ctx)
    {
        var entries = BatchJobSupport.ReadEntries(ctx.Args.RequireObject()).Select(ReadEntry).ToList();
        var contended = BatchEntryFaults.For(ctx.Http, entries.Count);
        var store = ctx.Store;
        var account = ctx.User;
        return BatchJobSupport.LaunchAsync(ctx, async () =>
        {
            var results = new List<Action<Utf8JsonWriter>>(entries.Count);
            foreach (var (entry, i) in entries.Select((e, i) => (e, i)))
            {
                string[]? failure = entry.Failure ?? (contended[i] ? ["too_many_write_operations"] : null);
                Item? deleted = null;
                if (failure is null)
                {
                    try
                    {
                        deleted = await store.DeleteAsync(account, entry.Path!, entry.ParentRev).ConfigureAwait(false);
                    }
                    catch (PathProblemException p)
                    {
                        failure = [DeleteErrorTag(p), .. p.Tags];
                    }
                }
                results.Add(failure is null ? Success(deleted!) : Failure(failure));
            }
            return results;
        });
    }

    private static Action<Utf8JsonWriter> Success(Item item) => w =>
    {
        w.WriteStartObject();
        w.WriteString(".tag", "success");
        w.WritePropertyName("metadata");
        MetadataJson.Write(w, item, withTag: true);
        w.WriteEndObject();
    };

    private static Action<Utf8JsonWriter> Failure(string[] tags) => w =>
    {
        w.WriteStartObject();
        w.WriteString(".tag", "failure");
        w.WritePropertyName("failure");
        ErrorValue.Chain(tags).Write(w);
        w.WriteEndObject();
    };

    private static async Task PermanentlyDeleteAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var entry = ReadEntry(args);
        if (entry.Failure is not null)
        {
            throw ApiContext.Error(entry.Failure);
        }
        try
        {
            await ctx.Store.PermanentlyDeleteAsync(ctx.User, entry.Path!, entry.ParentRev, ctx.Aborted);
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Error([DeleteErrorTag(p), .. p.Tags]);
        }
        await ctx.OkNullAsync();
    }
}
