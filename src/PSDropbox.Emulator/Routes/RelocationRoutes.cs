using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Faults;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/copy_v2, files/move_v2, their batch routes (§2.5), and the deprecated files/copy and files/move (the Metadata unwrapped).</summary>
internal static class RelocationRoutes
{
    public static void Register(RouteTable t)
    {
        t.Rpc("files/copy_v2", ctx => RelocateAsync(ctx, move: false, wrapped: true));
        t.Rpc("files/move_v2", ctx => RelocateAsync(ctx, move: true, wrapped: true));
        t.Rpc("files/copy", ctx => RelocateAsync(ctx, move: false, wrapped: false));
        t.Rpc("files/move", ctx => RelocateAsync(ctx, move: true, wrapped: false));
        t.Rpc("files/copy_batch_v2", ctx => LaunchBatchAsync(ctx, move: false));
        t.Rpc("files/move_batch_v2", ctx => LaunchBatchAsync(ctx, move: true));
        t.Rpc("files/copy_batch/check_v2", BatchJobSupport.CheckAsync);
        t.Rpc("files/move_batch/check_v2", BatchJobSupport.CheckAsync);
    }

    private static readonly ErrorValue TooManyWriteOperations = new("too_many_write_operations");

    /// <summary>One from_path/to_path pair; Failure is set when the pair is refused before it runs.</summary>
    private sealed record Entry(PathSpec? From, PathSpec? To, ErrorValue? Failure);

    /// <summary>RelocationResult {metadata} (v2), or the Metadata itself (the deprecated v1 routes).</summary>
    private static async Task RelocateAsync(ApiContext ctx, bool move, bool wrapped)
    {
        var args = ctx.Args.RequireObject();
        var entry = ReadEntry(args);
        bool autorename = ReadOptions(args, move);
        if (entry.Failure is not null)
        {
            throw new RouteErrorException(entry.Failure);
        }
        var item = await ctx.Stores.Tree.RelocateAsync(ctx.User, entry.From!, entry.To!, move, autorename, ctx.Aborted);
        await ctx.OkAsync(w => MetadataJson.WriteWrapped(w, ctx.View, item, wrapped));
    }

    private static Task LaunchBatchAsync(ApiContext ctx, bool move)
    {
        var args = ctx.Args.RequireObject();
        var entries = BatchJobSupport.ReadEntries(args).Select(ReadEntry).ToList();
        bool autorename = ReadOptions(args, move);
        MarkOverlaps(entries);
        var contended = BatchEntryFaults.For(ctx.Http, entries.Count);
        var tree = ctx.Stores.Tree;
        var account = ctx.User;
        return BatchJobSupport.LaunchAsync(ctx, async () =>
        {
            var results = new List<Action<Utf8JsonWriter>>(entries.Count);
            foreach (var (entry, i) in entries.Select((e, i) => (e, i)))
            {
                ErrorValue? failure = entry.Failure ?? (contended[i] ? TooManyWriteOperations : null);
                Item? item = null;
                if (failure is null)
                {
                    try
                    {
                        item = await tree.RelocateAsync(account, entry.From!, entry.To!, move, autorename).ConfigureAwait(false);
                    }
                    catch (RouteErrorException e)
                    {
                        failure = e.Error;
                    }
                }
                results.Add(failure is null ? Success(account.View, item!) : Failure(failure));
            }
            return results;
        });
    }

    private static Action<Utf8JsonWriter> Success(PathView view, Item item) => w =>
    {
        w.WriteStartObject();
        w.WriteString(".tag", "success");
        w.WritePropertyName("success");
        MetadataJson.Write(w, view, item, withTag: true);
        w.WriteEndObject();
    };

    /// <summary>RelocationBatchResultEntry.failure: a RelocationBatchErrorEntry (relocation_error, or too_many_write_operations).</summary>
    private static Action<Utf8JsonWriter> Failure(ErrorValue error) => w =>
    {
        w.WriteStartObject();
        w.WriteString(".tag", "failure");
        w.WritePropertyName("failure");
        (error == TooManyWriteOperations ? error : new ErrorValue("relocation_error", error)).Write(w);
        w.WriteEndObject();
    };

    /// <summary>Reads from_path/to_path; a malformed path is this entry's failure (a pattern mismatch is a 400 for the call).</summary>
    private static Entry ReadEntry(ArgReader args)
    {
        PathSpec from, to;
        try
        {
            from = args.Path("from_path", PathRules.WritePathOrId, forWrite: false);
        }
        catch (PathProblemException p)
        {
            return new Entry(null, null, ErrorValue.Chain(["from_lookup", .. p.Tags]));
        }
        try
        {
            to = args.Path("to_path", PathRules.WritePathOrId, forWrite: true);
        }
        catch (PathProblemException p)
        {
            return new Entry(null, null, ErrorValue.Chain(["to", .. p.Tags]));
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
            string?[] mine = [entries[j].From?.LowerPath, entries[j].To?.LowerPath];
            for (int i = 0; i < j && entries[j].Failure is null; i++)
            {
                string?[] theirs = [entries[i].From?.LowerPath, entries[i].To?.LowerPath];
                if (mine.Any(m => theirs.Any(t => BatchJobSupport.Overlaps(m, t))))
                {
                    entries[j] = entries[j] with { Failure = new ErrorValue("duplicated_or_nested_paths") };
                }
            }
        }
    }
}
