using System.Text.Json;
using PSDropbox.Emulator.Content;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>
/// files/get_thumbnail_v2, files/get_thumbnail and files/get_thumbnail_batch (content host): real thumbnails made by
/// <see cref="Thumbnailer"/>. v2 answers PreviewResult, v1 the FileMetadata, the batch base64 thumbnails entry by entry.
/// </summary>
internal static class ThumbnailRoutes
{
    /// <summary>Dropbox makes at most 25 thumbnails per get_thumbnail_batch call.</summary>
    public const int MaxBatch = 25;

    public static void Register(RouteTable t)
    {
        t.Download("files/get_thumbnail_v2", GetThumbnailV2Async, PathErrors.Under("path"), RouteAuth.AppOrUser);
        t.Download("files/get_thumbnail", GetThumbnailAsync, PathErrors.Under("path"));
        t.Rpc("files/get_thumbnail_batch", GetThumbnailBatchAsync);
    }

    private static Task GetThumbnailV2Async(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var resource = args.OptionalUnion("resource") ?? throw args.Bad("missing required field 'resource'");
        var options = ReadOptions(args);
        if (resource.Tag != "path")
        {
            throw args.Bad($"resource: only the 'path' member is supported by the emulator, got '{resource.Tag}'");
        }
        var (file, thumbnail) = Make(ctx, new ArgReader(resource.Value, args.Route, args.Source + ": resource"), options);
        return WriteAsync(ctx, thumbnail, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("file_metadata");
            MetadataJson.WriteFile(w, ctx.View, file, withTag: false);
            w.WriteEndObject();
        });
    }

    private static Task GetThumbnailAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var (file, thumbnail) = Make(ctx, args, ReadOptions(args));
        return WriteAsync(ctx, thumbnail, w => MetadataJson.WriteFile(w, ctx.View, file, withTag: false));
    }

    /// <summary>Each entry {".tag":"success","metadata","thumbnail": base64} or {".tag":"failure","failure": ThumbnailError}.</summary>
    private static async Task GetThumbnailBatchAsync(ApiContext ctx)
    {
        var entries = BatchJobSupport.ReadEntries(ctx.Args.RequireObject(), maxEntries: int.MaxValue);
        if (entries.Count > MaxBatch)
        {
            throw ApiContext.Error("too_many_files");
        }
        var requests = entries.Select(e => (Args: e, Options: ReadOptions(e))).ToList();
        var results = new List<Action<Utf8JsonWriter>>(requests.Count);
        foreach (var (args, options) in requests)
        {
            ErrorValue failure;
            try
            {
                var (file, thumbnail) = Make(ctx, args, options);
                results.Add(w =>
                {
                    w.WriteStartObject();
                    w.WriteString(".tag", "success");
                    w.WritePropertyName("metadata");
                    MetadataJson.WriteFile(w, ctx.View, file, withTag: false);
                    w.WriteBase64String("thumbnail", thumbnail);
                    w.WriteEndObject();
                });
                continue;
            }
            catch (PathProblemException p)
            {
                failure = ErrorValue.Chain(["path", .. p.Tags]);
            }
            catch (RouteErrorException e)
            {
                failure = e.Error;
            }
            results.Add(w =>
            {
                w.WriteStartObject();
                w.WriteString(".tag", "failure");
                w.WritePropertyName("failure");
                failure.Write(w);
                w.WriteEndObject();
            });
        }
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("entries");
            results.ForEach(write => write(w));
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private sealed record Options(string Format, (int Width, int Height) Box, string Mode);

    private static Options ReadOptions(ArgReader args)
    {
        string format = args.OptionalUnion("format")?.Tag ?? "jpeg";
        string size = args.OptionalUnion("size")?.Tag ?? "w64h64";
        string mode = args.OptionalUnion("mode")?.Tag ?? "strict";
        if (!Thumbnailer.Formats.Contains(format))
        {
            throw args.Bad($"format: unknown tag '{format}'");
        }
        if (!Thumbnailer.Sizes.TryGetValue(size, out var box))
        {
            throw args.Bad($"size: unknown tag '{size}'");
        }
        if (!Thumbnailer.Modes.Contains(mode))
        {
            throw args.Bad($"mode: unknown tag '{mode}'");
        }
        return new Options(format, box, mode);
    }

    /// <summary>The file at the "path" field and its thumbnail; ThumbnailError members as route errors, lookups as path problems.</summary>
    private static (Item File, byte[] Thumbnail) Make(ApiContext ctx, ArgReader pathArgs, Options options)
    {
        var file = ctx.Stores.Tree.GetItem(ctx.User, pathArgs.Path("path", PathRules.ReadPath, forWrite: false));
        if (file is null || file.IsDeleted)
        {
            throw PathProblemException.Lookup("not_found");
        }
        if (file.IsFolder)
        {
            throw PathProblemException.Lookup("not_file");
        }
        if (!Thumbnailer.SupportedExtensions.Contains(FileTypes.Extension(file.Name)))
        {
            throw ApiContext.Error("unsupported_extension");
        }
        byte[] thumbnail = Thumbnailer.Make(ctx.Stores.Blobs.PathFor(file.ContentHash!), file.Size, options.Format, options.Box, options.Mode)
            ?? throw ApiContext.Error("unsupported_image");
        return (file, thumbnail);
    }

    private static async Task WriteAsync(ApiContext ctx, byte[] thumbnail, Action<Utf8JsonWriter> result)
    {
        ctx.Http.Response.Headers["Dropbox-API-Result"] = Http.ToHeaderJson(result);
        ctx.Http.Response.StatusCode = 200;
        ctx.Http.Response.ContentType = "application/octet-stream";
        ctx.Http.Response.ContentLength = thumbnail.Length;
        await ctx.Http.Response.Body.WriteAsync(thumbnail, ctx.Aborted);
    }
}
