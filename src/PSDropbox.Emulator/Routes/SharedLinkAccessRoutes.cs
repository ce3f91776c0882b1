using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>
/// What anyone holding a shared link can do through the API: sharing/get_shared_link_metadata and get_shared_link_file
/// (the file's bytes, content host). A path names an item inside a folder link. Other accounts need the link's
/// password (link_password) and get nothing from links whose audience is not public; expired links are not found.
/// </summary>
internal static class SharedLinkAccessRoutes
{
    /// <summary>A path inside a link that does not resolve is, to the caller, a link that does not exist.</summary>
    private static readonly PathErrorMapping NotFound = _ => ApiContext.Error("shared_link_not_found");

    public static void Register(RouteTable t)
    {
        t.Rpc("sharing/get_shared_link_metadata", GetMetadataAsync, NotFound, RouteAuth.AppOrUser);
        t.Download("sharing/get_shared_link_file", GetFileAsync, NotFound, RouteAuth.AppOrUser);
    }

    private static async Task GetMetadataAsync(ApiContext ctx)
    {
        var (link, url, item, isOwner) = Open(ctx);
        await ctx.OkAsync(w => SharedLinkJson.Write(w, ctx.View, url, item, link, isOwner));
    }

    private static async Task GetFileAsync(ApiContext ctx)
    {
        var (link, url, item, isOwner) = Open(ctx);
        if (item.IsFolder)
        {
            throw ApiContext.Error("shared_link_is_directory");
        }
        if (item.Exports is not null)
        {
            throw ApiContext.Error("unsupported_link_type");
        }
        if (!link.AllowDownload && !isOwner)
        {
            throw ApiContext.Error("shared_link_access_denied");
        }
        await BlobResponse.WriteAsync(ctx, item.ContentHash!, item.Size, item.Rev,
            Http.ToHeaderJson(w => SharedLinkJson.Write(w, ctx.View, url, item, link, isOwner)));
    }

    /// <summary>Reads GetSharedLinkMetadataArg and checks the caller may use the link; returns the item it (and path) names.</summary>
    private static (SharedLink Link, string Url, Item Item, bool IsOwner) Open(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        string url = args.RequireString("url");
        PathSpec? inside = args.TryGet("path", out _) ? args.Path("path", PathRules.PlainPath, forWrite: false) : null;
        string? password = args.OptionalString("link_password");
        var (link, linked) = SharingRoutes.FindLink(ctx, url);
        bool isOwner = link.AccountId == ctx.User.AccountId;
        if (!isOwner)
        {
            if (link.Expires is long expires && ctx.Stores.Clock.Now() >= expires)
            {
                throw ApiContext.Error("shared_link_not_found");
            }
            if (link.Audience != "public" || link.Password is not null && password != link.Password)
            {
                throw ApiContext.Error("shared_link_access_denied");
            }
        }
        var item = inside is null ? linked
            : linked.IsFolder && ctx.Stores.Tree.GetLiveItem(linked.Ns, linked.PathLower + inside.LowerPath) is { } found ? found
            : throw ApiContext.Error("shared_link_not_found");
        return (link, LinkServing.SharedUrl(LinkServing.BaseOf(ctx.Http), linked, link), item, isOwner);
    }
}
