using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/get_thumbnail_v2 (content host, download style, auth app or user): real thumbnails made by <see cref="Thumbnailer"/>.</summary>
internal static class ThumbnailRoutes
{
    public static void Register(RouteTable t) => t.Download("files/get_thumbnail_v2", GetThumbnailAsync, RouteAuth.AppOrUser);

    private static async Task GetThumbnailAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var resource = args.OptionalUnion("resource") ?? throw args.Bad("missing required field 'resource'");
        string format = args.OptionalUnion("format")?.Tag ?? "jpeg";
        string size = args.OptionalUnion("size")?.Tag ?? "w64h64";
        string mode = args.OptionalUnion("mode")?.Tag ?? "strict";
        if (!Thumbnailer.Formats.Contains(format))
        {
            throw args.Bad($"format: unknown tag '{format}'");
        }
        if (!Thumbnailer.Sizes.ContainsKey(size))
        {
            throw args.Bad($"size: unknown tag '{size}'");
        }
        if (!Thumbnailer.Modes.Contains(mode))
        {
            throw args.Bad($"mode: unknown tag '{mode}'");
        }
        if (resource.Tag != "path")
        {
            throw args.Bad($"resource: only the 'path' member is supported by the emulator, got '{resource.Tag}'");
        }
        var pathArgs = new ArgReader(resource.Value, args.Route, args.Source + ": resource");
        Item? file;
        try
        {
            var spec = PathRules.Parse(pathArgs, "path", PathRules.ReadPath, forWrite: false);
            file = ctx.Store.GetItem(ctx.User, spec);
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, "path");
        }
        if (file is null || file.IsDeleted)
        {
            throw ApiContext.Error("path", "not_found");
        }
        if (file.IsFolder)
        {
            throw ApiContext.Error("path", "not_file");
        }
        if (!Thumbnailer.SupportedExtensions.Contains(EmulatorStore.Extension(file.Name)))
        {
            throw ApiContext.Error("unsupported_extension");
        }
        byte[] thumbnail = Thumbnailer.Make(ctx.Store.Blobs.PathFor(file.ContentHash!), file.Size, format, Thumbnailer.Sizes[size], mode)
            ?? throw ApiContext.Error("unsupported_image");
        ctx.Http.Response.Headers["Dropbox-API-Result"] = Http.ToHeaderJson(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("file_metadata");
            MetadataJson.WriteFile(w, file, withTag: false);
            w.WriteEndObject();
        });
        ctx.Http.Response.StatusCode = 200;
        ctx.Http.Response.ContentType = "application/octet-stream";
        ctx.Http.Response.ContentLength = thumbnail.Length;
        await ctx.Http.Response.Body.WriteAsync(thumbnail, ctx.Aborted);
    }
}
