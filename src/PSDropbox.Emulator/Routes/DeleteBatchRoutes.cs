using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Faults;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/delete_batch, files/delete_batch/check and files/permanently_delete (§2.5).</summary>
internal static class DeleteBatchRoutes
{
    /// <summary>DeleteError: LookupError tags under path_lookup, WriteError tags under path_write.</summary>
    private static readonly PathErrorMapping DeleteError = PathErrors.LookupOrWrite("path_lookup", "path_write");

    public static void Register(RouteTable t)
    {
        t.Rpc("files/delete_batch", LaunchAsync);
        t.Rpc("files/delete_batch/check", BatchJobSupport.CheckAsync);
        t.Rpc("files/permanently_delete", PermanentlyDeleteAsync, DeleteError);
    }

    /// <summary>One entry; Failure is set when its path is refused before it runs.</summary>
    private sealed record Entry(PathSpec? Path, string? ParentRev, ErrorValue? Failure);

    private static Entry ReadEntry(ArgReader args)
    {
        try
        {
            var path = args.Path("path", PathRules.WritePathOrId, forWrite: false);
            return new Entry(path, args.OptionalString("parent_rev"), null);
        }
        catch (PathProblemException p)
        {
            return new Entry(null, null, DeleteError(p).Error);
        }
    }

    private static Task LaunchAsync(ApiContext ctx)
    {
        var entries = BatchJobSupport.ReadEntries(ctx.Args.RequireObject()).Select(ReadEntry).ToList();
        var contended = BatchEntryFaults.For(ctx.Http, entries.Count);
        var tree = ctx.Stores.Tree;
        var account = ctx.User;
        return BatchJobSupport.LaunchAsync(ctx, async () =>
        {
            var results = new List<Action<Utf8JsonWriter>>(entries.Count);
            foreach (var (entry, i) in entries.Select((e, i) => (e, i)))
            {
                ErrorValue? failure = entry.Failure ?? (contended[i] ? new ErrorValue("too_many_write_operations") : null);
                Item? deleted = null;
                if (failure is null)
                {
                    try
                    {
                        deleted = await tree.DeleteAsync(account, entry.Path!, entry.ParentRev).ConfigureAwait(false);
                    }
                    catch (PathProblemException p)
                    {
                        failure = DeleteError(p).Error;
                    }
                }
                results.Add(failure is null ? Success(account.View, deleted!) : Failure(failure));
            }
            return results;
        });
    }

    private static Action<Utf8JsonWriter> Success(PathView view, Item item) => w =>
    {
        w.WriteStartObject();
        w.WriteString(".tag", "success");
        w.WritePropertyName("metadata");
        MetadataJson.Write(w, view, item, withTag: true);
        w.WriteEndObject();
    };

    private static Action<Utf8JsonWriter> Failure(ErrorValue error) => w =>
    {
        w.WriteStartObject();
        w.WriteString(".tag", "failure");
        w.WritePropertyName("failure");
        error.Write(w);
        w.WriteEndObject();
    };

    private static async Task PermanentlyDeleteAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var spec = args.Path("path", PathRules.WritePathOrId, forWrite: false);
        await ctx.Stores.Tree.PermanentlyDeleteAsync(ctx.User, spec, args.OptionalString("parent_rev"), ctx.Aborted);
        await ctx.OkNullAsync();
    }
}
