using System.Globalization;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/download (§2.4): the bytes in the body, FileMetadata in Dropbox-API-Result, Range → 206.</summary>
internal static class DownloadRoutes
{
    public static void Register(RouteTable t)
    {
        t.Download("files/download", DownloadAsync);
    }

    private static async Task DownloadAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        Item? item;
        try
        {
            var spec = PathRules.Parse(args, "path", PathRules.ReadPath, forWrite: false);
            string? rev = args.OptionalString("rev");
            item = ctx.Store.GetItem(ctx.User, rev is null ? spec : new PathSpec(PathKind.Rev, [], Rev: rev));
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, "path");
        }
        if (item is null || item.IsDeleted)
        {
            throw ApiContext.Error("path", "not_found");
        }
        if (item.IsFolder)
        {
            throw ApiContext.Error("path", "not_file");
        }

        var response = ctx.Http.Response;
        response.Headers["Dropbox-API-Result"] = Http.ToHeaderJson(w => MetadataJson.WriteFile(w, item, withTag: false));
        response.Headers.ETag = $"\"{item.Rev}\"";
        response.Headers.AcceptRanges = "bytes";
        if (ctx.Http.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } ifNoneMatch && ifNoneMatch.Contains($"\"{item.Rev}\"", StringComparison.Ordinal))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        var range = ByteRange.Parse(ctx.Http.Request.Headers.Range.ToString(), item.Size, out bool unsatisfiable);
        if (unsatisfiable)
        {
            response.Headers.Remove("Dropbox-API-Result");
            response.Headers.ContentRange = $"bytes */{item.Size.ToString(CultureInfo.InvariantCulture)}";
            await Http.WriteTextAsync(ctx.Http, StatusCodes.Status416RangeNotSatisfiable, "Requested range not satisfiable");
            return;
        }
        long start = range?.First ?? 0, count = range?.Length ?? item.Size;
        response.StatusCode = range is null ? StatusCodes.Status200OK : StatusCodes.Status206PartialContent;
        if (range is { } r)
        {
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {r.First}-{r.Last}/{item.Size}");
        }
        response.ContentType = "application/octet-stream";
        response.ContentLength = count;
        await using var blob = ctx.Store.Blobs.OpenRead(item.ContentHash!);
        blob.Seek(start, SeekOrigin.Begin);
        await CopyAsync(blob, response.Body, count, ctx.Aborted);
    }

    private static async Task CopyAsync(Stream source, Stream destination, long count, CancellationToken ct)
    {
        var buffer = new byte[128 * 1024];
        while (count > 0)
        {
            int n = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, count)), ct);
            if (n == 0)
            {
                throw new IOException("blob shorter than its recorded size");
            }
            await destination.WriteAsync(buffer.AsMemory(0, n), ct);
            count -= n;
        }
    }
}
