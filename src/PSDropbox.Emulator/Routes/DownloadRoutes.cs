using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/download (§2.4): the bytes in the body, FileMetadata in Dropbox-API-Result, Range → 206.</summary>
internal static class DownloadRoutes
{
    public static void Register(RouteTable t)
    {
        t.Download("files/download", DownloadAsync, PathErrors.Under("path"));
    }

    private static async Task DownloadAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var spec = args.Path("path", PathRules.ReadPath, forWrite: false);
        string? rev = args.OptionalString("rev");
        var item = ctx.Stores.Tree.GetItem(ctx.User, rev is null ? spec : new PathSpec(PathKind.Rev, [], Rev: rev));
        if (item is null || item.IsDeleted)
        {
            throw ApiContext.Error("path", "not_found");
        }
        if (item.IsFolder)
        {
            throw ApiContext.Error("path", "not_file");
        }
        if (item.Exports is not null)
        {
            throw ApiContext.Error("unsupported_file");
        }
        await BlobResponse.WriteAsync(ctx, item.ContentHash!, item.Size, item.Rev, Http.ToHeaderJson(w => MetadataJson.WriteFile(w, ctx.View, item, withTag: false)));
    }
}
