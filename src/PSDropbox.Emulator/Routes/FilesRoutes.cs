using PSDropbox.Emulator.Content;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/get_metadata, files/list_folder (+ continue), files/create_folder_v2, files/delete_v2, and the deprecated create_folder and delete.</summary>
internal static class FilesRoutes
{
    public static void Register(RouteTable t)
    {
        t.Rpc("files/get_metadata", GetMetadataAsync, PathErrors.Under("path"));
        t.Rpc("files/list_folder", ListFolderAsync, PathErrors.Under("path"), RouteAuth.AppOrUser);
        t.Rpc("files/list_folder/continue", ListFolderContinueAsync, PathErrors.Under("path"), RouteAuth.AppOrUser);
        t.Rpc("files/create_folder_v2", ctx => CreateFolderAsync(ctx, wrapped: true), PathErrors.Under("path"));
        t.Rpc("files/create_folder", ctx => CreateFolderAsync(ctx, wrapped: false), PathErrors.Under("path"));
        t.Rpc("files/delete_v2", ctx => DeleteAsync(ctx, wrapped: true), PathErrors.LookupOrWrite("path_lookup", "path_write"));
        t.Rpc("files/delete", ctx => DeleteAsync(ctx, wrapped: false), PathErrors.LookupOrWrite("path_lookup", "path_write"));
    }

    private static async Task GetMetadataAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        if (args.RequireString("path") == "/")
        {
            throw args.Bad("path: The root folder is unsupported.");
        }
        var spec = args.Path("path", PathRules.ReadPath, forWrite: false);
        bool includeDeleted = args.Bool("include_deleted", false);
        bool mediaInfo = args.Bool("include_media_info", false);
        var (propertyGroups, members) = MetadataOptionArgs.Read(args);
        var item = ctx.Stores.Tree.GetItem(ctx.User, spec);
        if (item is null || item.IsDeleted && !includeDeleted)
        {
            throw ApiContext.Error("path", "not_found");
        }
        var media = mediaInfo && item is { IsFolder: false, IsDeleted: false } ? MediaInfoReader.Read(ctx.Stores.Blobs.PathFor(item.ContentHash!), item.Name) : null;
        await ctx.OkAsync(w => MetadataJson.Write(w, ctx.View, item, withTag: true, new MetadataExtras(media, propertyGroups, members)));
    }

    private static async Task ListFolderAsync(ApiContext ctx)
    {
        var list = ListFolderArgs.Read(ctx.Args.RequireObject());
        var page = ctx.Stores.Changes.ListFolder(ctx.User, list.Path, list.Recursive, list.IncludeDeleted, list.Limit, list.Flags);
        await WritePageAsync(ctx, page);
    }

    private static async Task ListFolderContinueAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var cursor = FolderCursor.TryDecode(args.RequireString("cursor")) ?? throw InvalidCursor(ctx);
        var page = ctx.Stores.Changes.Continue(ctx.User, cursor) ?? throw InvalidCursor(ctx);
        await WritePageAsync(ctx, page);
    }

    internal static BadRequestException InvalidCursor(ApiContext ctx) =>
        BadRequestException.InCall(ctx.Route.Name, "Invalid \"cursor\" parameter");

    private static Task WritePageAsync(ApiContext ctx, ListPage page) =>
        ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("entries");
            var extras = new MetadataExtras(null, page.Cursor.Flags.HasFlag(ListingFlags.PropertyGroups), page.Cursor.Flags.HasFlag(ListingFlags.ExplicitSharedMembers));
            foreach (var e in page.Entries)
            {
                MetadataJson.WriteEntry(w, ctx.View, e, extras);
            }
            w.WriteEndArray();
            w.WriteString("cursor", page.Cursor.Encode());
            w.WriteBoolean("has_more", page.HasMore);
            w.WriteEndObject();
        });

    /// <summary>CreateFolderResult {metadata} (v2), or the FolderMetadata itself (deprecated create_folder).</summary>
    private static async Task CreateFolderAsync(ApiContext ctx, bool wrapped)
    {
        var args = ctx.Args.RequireObject();
        var spec = args.Path("path", PathRules.WritePath, forWrite: true);
        bool autorename = args.Bool("autorename", false);
        var folder = await ctx.Stores.Tree.CreateFolderAsync(ctx.User, spec, autorename, ctx.Aborted);
        await ctx.OkAsync(w =>
        {
            if (!wrapped)
            {
                MetadataJson.WriteFolder(w, ctx.View, folder, withTag: false);
                return;
            }
            w.WriteStartObject();
            w.WritePropertyName("metadata");
            MetadataJson.WriteFolder(w, ctx.View, folder, withTag: false);
            w.WriteEndObject();
        });
    }

    /// <summary>DeleteResult {metadata} (v2), or the Metadata itself (deprecated delete).</summary>
    private static async Task DeleteAsync(ApiContext ctx, bool wrapped)
    {
        var args = ctx.Args.RequireObject();
        var spec = args.Path("path", PathRules.WritePathOrId, forWrite: false);
        string? parentRev = args.OptionalString("parent_rev");
        var deleted = await ctx.Stores.Tree.DeleteAsync(ctx.User, spec, parentRev, ctx.Aborted);
        await ctx.OkAsync(w => MetadataJson.WriteWrapped(w, ctx.View, deleted, wrapped));
    }
}
