using System.Globalization;

namespace PSDropbox.Emulator.Edge;

/// <summary>
/// The body of a download-style answer: stored bytes with their result in Dropbox-API-Result, an ETag (the rev),
/// If-None-Match → 304, and one Range → 206 (or 416 when it starts past the end).
/// </summary>
internal static class BlobResponse
{
    public static async Task WriteAsync(ApiContext ctx, string contentHash, long size, string? rev, string resultJson)
    {
        var response = ctx.Http.Response;
        response.Headers["Dropbox-API-Result"] = resultJson;
        response.Headers.AcceptRanges = "bytes";
        if (rev is not null)
        {
            response.Headers.ETag = $"\"{rev}\"";
            if (ctx.Http.Request.Headers.IfNoneMatch.ToString() is { Length: > 0 } ifNoneMatch && ifNoneMatch.Contains($"\"{rev}\"", StringComparison.Ordinal))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }
        }
        var range = ByteRange.Parse(ctx.Http.Request.Headers.Range.ToString(), size, out bool unsatisfiable);
        if (unsatisfiable)
        {
            response.Headers.Remove("Dropbox-API-Result");
            response.Headers.ContentRange = $"bytes */{size.ToString(CultureInfo.InvariantCulture)}";
            await Http.WriteTextAsync(ctx.Http, StatusCodes.Status416RangeNotSatisfiable, "Requested range not satisfiable");
            return;
        }
        long start = range?.First ?? 0, count = range?.Length ?? size;
        response.StatusCode = range is null ? StatusCodes.Status200OK : StatusCodes.Status206PartialContent;
        if (range is { } r)
        {
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {r.First}-{r.Last}/{size}");
        }
        response.ContentType = "application/octet-stream";
        response.ContentLength = count;
        await using var blob = ctx.Stores.Blobs.OpenRead(contentHash);
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
