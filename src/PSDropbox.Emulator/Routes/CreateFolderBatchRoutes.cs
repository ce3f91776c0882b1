using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Routes;

/// <summary>
/// files/create_folder_batch and files/create_folder_batch/check: each path like create_folder_v2, answered in order
/// (a path given twice is created once and answered alike). The batch completes at once unless force_async asks for a job.
/// </summary>
internal static class CreateFolderBatchRoutes
{
    public const int MaxPaths = 10_000;

    public static void Register(RouteTable t)
    {
        t.Rpc("files/create_folder_batch", CreateAsync);
        t.Rpc("files/create_folder_batch/check", BatchJobSupport.CheckAsync);
    }

    private static async Task CreateAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var paths = ReadPaths(args);
        bool autorename = args.Bool("autorename", false);
        bool forceAsync = args.Bool("force_async", false);
        var tree = ctx.Stores.Tree;
        var account = ctx.User;
        async Task<List<Action<Utf8JsonWriter>>> RunAsync()
        {
            var done = new Dictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal);
            var results = new List<Action<Utf8JsonWriter>>(paths.Count);
            foreach (var path in paths)
            {
                string? key = path.Spec?.LowerPath;
                if (key is null || !done.TryGetValue(key, out var result))
                {
                    result = await CreateOneAsync(tree, account, path, autorename).ConfigureAwait(false);
                    if (key is not null)
                    {
                        done[key] = result;
                    }
                }
                results.Add(result);
            }
            return results;
        }
        if (forceAsync)
        {
            await BatchJobSupport.LaunchAsync(ctx, RunAsync);
            return;
        }
        var entries = await RunAsync();
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteString(".tag", "complete");
            w.WriteStartArray("entries");
            entries.ForEach(write => write(w));
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>A path of the list: parsed, or the WriteError it already has (malformed_path, disallowed_name).</summary>
    private sealed record BatchPath(PathSpec? Spec, PathProblemException? Problem);

    private static List<BatchPath> ReadPaths(ArgReader args)
    {
        if (!args.TryGet("paths", out var list))
        {
            throw args.Bad("missing required field 'paths'");
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw args.Bad($"paths: expected list, got {ArgReader.KindName(list)}");
        }
        if (list.GetArrayLength() > MaxPaths)
        {
            throw args.Bad($"paths: list has {list.GetArrayLength()} items, expected at most {MaxPaths}");
        }
        var paths = new List<BatchPath>();
        foreach (var e in list.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.String)
            {
                throw args.Bad($"paths: expected string, got {ArgReader.KindName(e)}");
            }
            string value = e.GetString()!;
            if (!PathRules.Matches(PathRules.WritePath, value))
            {
                throw args.Bad($"paths: '{value}' did not match pattern '{PathRules.WritePath}'");
            }
            try
            {
                paths.Add(new BatchPath(PathRules.ParseValue(value, forWrite: true), null));
            }
            catch (PathProblemException p)
            {
                paths.Add(new BatchPath(null, p));
            }
        }
        return paths;
    }

    /// <summary>CreateFolderBatchResultEntry: success {metadata: FolderMetadata} or failure {path: WriteError}.</summary>
    private static async Task<Action<Utf8JsonWriter>> CreateOneAsync(TreeStore tree, Account account, BatchPath path, bool autorename)
    {
        var problem = path.Problem;
        if (problem is null)
        {
            try
            {
                var folder = await tree.CreateFolderAsync(account, path.Spec!, autorename).ConfigureAwait(false);
                return w =>
                {
                    w.WriteStartObject();
                    w.WriteString(".tag", "success");
                    w.WritePropertyName("metadata");
                    MetadataJson.WriteFolder(w, account.View, folder, withTag: false);
                    w.WriteEndObject();
                };
            }
            catch (PathProblemException p)
            {
                problem = p;
            }
        }
        var error = ErrorValue.Chain(["path", .. problem.Tags]);
        return w =>
        {
            w.WriteStartObject();
            w.WriteString(".tag", "failure");
            w.WritePropertyName("failure");
            error.Write(w);
            w.WriteEndObject();
        };
    }
}
