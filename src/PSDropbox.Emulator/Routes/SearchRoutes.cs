using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/search_v2 and files/search/continue_v2.</summary>
internal static class SearchRoutes
{
    private static readonly HashSet<string> Categories = new(StringComparer.Ordinal)
    {
        "image", "document", "pdf", "spreadsheet", "presentation", "audio", "video", "folder", "paper", "others",
    };

    public static void Register(RouteTable t)
    {
        t.Rpc("files/search_v2", SearchAsync, PathErrors.Under("path"));
        t.Rpc("files/search/continue_v2", ContinueAsync, PathErrors.Under("path"));
    }

    private static async Task SearchAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        string query = args.RequireString("query");
        if (query.Length > 1000)
        {
            throw args.Bad($"query: '{query[..20]}...' length is greater than 1000");
        }
        var options = args.TryGet("options", out var o) ? new ArgReader(o, args.Route, args.Source + ": options").RequireObject() : default(ArgReader?);
        string scope = ScopeOf(ctx, PathSpec.Root);
        int pageSize = 100;
        bool deleted = false, filenameOnly = false, byModified = false;
        IReadOnlyList<string> extensions = [], categories = [];
        if (options is { } opt)
        {
            if (opt.TryGet("path", out _))
            {
                scope = ScopeOf(ctx, opt.Path("path", PathRules.PathROrId, forWrite: false));
            }
            pageSize = (int)(opt.OptionalInteger("max_results", 1, 1000) ?? 100);
            byModified = opt.OptionalUnion("order_by") switch
            {
                null or ("relevance", _) => false,
                ("last_modified_time", _) => true,
                var (tag, _) => throw opt.Bad($"order_by: unknown tag '{tag}'"),
            };
            deleted = opt.OptionalUnion("file_status") switch
            {
                null or ("active", _) => false,
                ("deleted", _) => true,
                var (tag, _) => throw opt.Bad($"file_status: unknown tag '{tag}'"),
            };
            filenameOnly = opt.Bool("filename_only", false);
            extensions = StringList(opt, "file_extensions", e => e.TrimStart('.').ToLowerInvariant());
            categories = TagList(opt, "file_categories");
        }
        // The spec puts no minimum length on query; an empty one searches by the extension and category filters alone.
        if (query.Trim().Length == 0 && extensions.Count == 0 && categories.Count == 0)
        {
            throw new RouteErrorException(new ErrorValue("invalid_argument", inline: w => w.WriteString("invalid_argument", "The query is empty."),
                inlineSummary: null), "The search query must not be empty.");
        }
        var q = new SearchQuery(query, scope, deleted, filenameOnly, extensions, categories, byModified);
        var matches = ctx.Stores.Search.Search(ctx.User, q);
        await WritePageAsync(ctx, matches, new SearchCursor(ctx.User.AccountId, q, pageSize, 0));
    }

    private static async Task ContinueAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var cursor = SearchCursor.TryDecode(args.RequireString("cursor"));
        if (cursor is null || cursor.AccountId != ctx.User.AccountId || !ctx.User.View.Contains(cursor.Query.ScopeLower))
        {
            throw BadRequestException.InCall(ctx.Route.Name, "Invalid \"cursor\" parameter");
        }
        var matches = ctx.Stores.Search.Search(ctx.User, cursor.Query);
        await WritePageAsync(ctx, matches, cursor);
    }

    /// <summary>The scope's stored path_lower (through the request's view); an id: scope resolves to the item's path.</summary>
    private static string ScopeOf(ApiContext ctx, PathSpec spec)
    {
        var resolved = ctx.Stores.Tree.Resolve(ctx.User, spec);
        return spec.Kind == PathKind.Id && resolved.Existing is null ? throw PathProblemException.Lookup("not_found") : resolved.Lower;
    }

    private static Task WritePageAsync(ApiContext ctx, List<SearchMatch> matches, SearchCursor cursor) =>
        ctx.OkAsync(w =>
        {
            int end = Math.Min(matches.Count, cursor.Offset + cursor.PageSize);
            w.WriteStartObject();
            w.WriteStartArray("matches");
            for (int i = cursor.Offset; i < end; i++)
            {
                w.WriteStartObject();
                w.WriteStartObject("metadata");
                w.WriteString(".tag", "metadata");
                w.WritePropertyName("metadata");
                MetadataJson.Write(w, ctx.View, matches[i].Item, withTag: true);
                w.WriteEndObject();
                w.WriteStartObject("match_type");
                w.WriteString(".tag", matches[i].MatchType);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            bool hasMore = end < matches.Count;
            w.WriteBoolean("has_more", hasMore);
            if (hasMore)
            {
                w.WriteString("cursor", (cursor with { Offset = end }).Encode());
            }
            w.WriteEndObject();
        });

    private static List<string> StringList(ArgReader opt, string name, Func<string, string> normalize)
    {
        if (!opt.TryGet(name, out var e))
        {
            return [];
        }
        if (e.ValueKind != JsonValueKind.Array)
        {
            throw opt.Bad($"{name}: expected list, got {ArgReader.KindName(e)}");
        }
        var list = new List<string>();
        foreach (var v in e.EnumerateArray())
        {
            if (v.ValueKind != JsonValueKind.String)
            {
                throw opt.Bad($"{name}: expected string, got {ArgReader.KindName(v)}");
            }
            list.Add(normalize(v.GetString()!));
        }
        return list;
    }

    private static List<string> TagList(ArgReader opt, string name)
    {
        if (!opt.TryGet(name, out var e))
        {
            return [];
        }
        if (e.ValueKind != JsonValueKind.Array)
        {
            throw opt.Bad($"{name}: expected list, got {ArgReader.KindName(e)}");
        }
        var list = new List<string>();
        foreach (var v in e.EnumerateArray())
        {
            string? tag = v.ValueKind == JsonValueKind.String ? v.GetString()
                : v.ValueKind == JsonValueKind.Object && v.TryGetProperty(".tag", out var t) ? t.GetString() : null;
            if (tag is null || !Categories.Contains(tag))
            {
                throw opt.Bad($"{name}: unknown tag '{tag ?? v.GetRawText()}'");
            }
            list.Add(tag);
        }
        return list;
    }
}
