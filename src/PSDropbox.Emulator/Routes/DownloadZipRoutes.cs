using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Routes;

/// <summary>
/// files/download_zip (§2.4): a folder as a zip streamed in the body, {"metadata": FolderMetadata} in Dropbox-API-Result.
/// No Range (Dropbox serves zips whole). Limits (EmulatorOptions): too_large, too_many_files.
/// </summary>
internal static class DownloadZipRoutes
{
    public static void Register(RouteTable t) => t.Download("files/download_zip", DownloadZipAsync);

    private static async Task DownloadZipAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        Item? folder;
        try
        {
            folder = ctx.Store.GetItem(ctx.User, PathRules.Parse(args, "path", PathRules.ReadPath, forWrite: false));
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, "path");
        }
        if (folder is null || folder.IsDeleted)
        {
            throw ApiContext.Error("path", "not_found");
        }
        if (!folder.IsFolder)
        {
            throw ApiContext.Error("path", "not_folder");
        }
        var (descendants, bytes) = ctx.Store.SubtreeTotals(folder.Ns, folder.PathLower);
        if (bytes > ctx.Store.DownloadZipMaxBytes)
        {
            throw ApiContext.Error("too_large");
        }
        if (descendants + 1 > ctx.Store.DownloadZipMaxEntries)
        {
            throw ApiContext.Error("too_many_files");
        }

        var response = ctx.Http.Response;
        response.Headers["Dropbox-API-Result"] = Http.ToHeaderJson(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("metadata");
            MetadataJson.WriteFolder(w, folder, withTag: false);
            w.WriteEndObject();
        });
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/zip";
        await FolderZip.WriteAsync(response, ctx.Store, folder, ctx.Aborted);
    }
}
