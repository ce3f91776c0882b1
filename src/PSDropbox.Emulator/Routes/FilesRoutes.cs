using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/* routes (metadata, listing, folder ops). Upload/download routes register here too (or in a sibling file).</summary>
internal static class FilesRoutes
{
    public const int DefaultListLimit = 2000;

    public static void Register(RouteTable t)
    {
        t.Rpc("files/get_metadata", GetMetadataAsync);
        t.Rpc("files/list_folder", ListFolderAsync, RouteAuth.AppOrUser);
        t.Rpc("files/list_folder/continue", ListFolderContinueAsync, RouteAuth.AppOrUser);
        t.Rpc("files/create_folder_v2", CreateFolderAsync);
        t.Rpc("files/delete_v2", DeleteAsync);
    }

    private static async Task GetMetadataAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        Item? item;
        bool includeDeleted;
        try
        {
            if (args.RequireString("path") == "/")
            {
                throw args.Bad("path: The root folder is unsupported.");
            }
            var spec = PathRules.Parse(args, "path", PathRules.ReadPath, forWrite: false);
            includeDeleted = args.Bool("include_deleted", false);
            args.Bool("include_media_info", false);
            args.Bool("include_has_explicit_shared_members", false);
            item = ctx.Store.GetItem(ctx.User, spec);
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, "path");
        }
        if (item is null || item.IsDeleted && !includeDeleted)
        {
            throw ApiContext.Error("path", "not_found");
        }
        await ctx.OkAsync(w => MetadataJson.Write(w, item, withTag: true));
    }

    private static async Task ListFolderAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        ListPage page;
        try
        {
            var list = ListFolderArgs.Read(args);
            page = ctx.Store.ListFolder(ctx.User, list.Path, list.Recursive, list.IncludeDeleted, list.Limit);
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, "path");
        }
        await WritePageAsync(ctx, page);
    }

    private static async Task ListFolderContinueAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        string cursorText = args.RequireString("cursor");
        var cursor = FolderCursor.TryDecode(cursorText) ?? throw InvalidCursor(ctx);
        ListPage page;
        try
        {
            page = ctx.Store.Continue(ctx.User, cursor) ?? throw InvalidCursor(ctx);
        }
        catch (CursorResetException)
        {
            throw ApiContext.Error("reset");
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, "path");
        }
        await WritePageAsync(ctx, page);
    }

    internal static BadRequestException InvalidCursor(ApiContext ctx) =>
        BadRequestException.InCall(ctx.Route.Name, "Invalid \"cursor\" parameter");

    private static Task WritePageAsync(ApiContext ctx, ListPage page) =>
        ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("entries");
            foreach (var e in page.Entries)
            {
                MetadataJson.WriteEntry(w, e);
            }
            w.WriteEndArray();
            w.WriteString("cursor", page.Cursor.Encode());
            w.WriteBoolean("has_more", page.HasMore);
            w.WriteEndObject();
        });

    private static async Task CreateFolderAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        Item folder;
        try
        {
            var spec = PathRules.Parse(args, "path", PathRules.WritePath, forWrite: true);
            bool autorename = args.Bool("autorename", false);
            folder = await ctx.Store.CreateFolderAsync(ctx.User, spec, autorename, ctx.Aborted);
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, "path");
        }
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("metadata");
            MetadataJson.WriteFolder(w, folder, withTag: false);
            w.WriteEndObject();
        });
    }

    private static async Task DeleteAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        Item deleted;
        try
        {
            var spec = PathRules.Parse(args, "path", PathRules.WritePathOrId, forWrite: false);
            string? parentRev = args.OptionalString("parent_rev");
            deleted = await ctx.Store.DeleteAsync(ctx.User, spec, parentRev, ctx.Aborted);
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, p.IsLookup ? "path_lookup" : "path_write");
        }
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("metadata");
            MetadataJson.Write(w, deleted, withTag: true);
            w.WriteEndObject();
        });
    }
}
