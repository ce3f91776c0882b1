using PSDropbox.Emulator.Content;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>
/// files/download_zip (§2.4): a folder as a zip streamed in the body, {"metadata": FolderMetadata} in Dropbox-API-Result.
/// No Range (Dropbox serves zips whole). Limits (EmulatorOptions): too_large, too_many_files.
/// </summary>
internal static class DownloadZipRoutes
{
    public static void Register(RouteTable t) => t.Download("files/download_zip", DownloadZipAsync, PathErrors.Under("path"));

    private static async Task DownloadZipAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var folder = ctx.Stores.Tree.GetItem(ctx.User, args.Path("path", PathRules.ReadPath, forWrite: false));
        if (folder is null || folder.IsDeleted)
        {
            throw ApiContext.Error("path", "not_found");
        }
        if (!folder.IsFolder)
        {
            throw ApiContext.Error("path", "not_folder");
        }
        var (descendants, bytes) = ctx.Stores.Tree.SubtreeTotals(folder.Ns, folder.PathLower);
        if (bytes > ctx.Stores.Transfers.DownloadZipMaxBytes)
        {
            throw ApiContext.Error("too_large");
        }
        if (descendants + 1 > ctx.Stores.Transfers.DownloadZipMaxEntries)
        {
            throw ApiContext.Error("too_many_files");
        }

        var response = ctx.Http.Response;
        response.Headers["Dropbox-API-Result"] = Http.ToHeaderJson(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("metadata");
            MetadataJson.WriteFolder(w, ctx.View, folder, withTag: false);
            w.WriteEndObject();
        });
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/zip";
        await FolderZip.WriteAsync(response, ctx.Stores, folder, ctx.Aborted);
    }
}
