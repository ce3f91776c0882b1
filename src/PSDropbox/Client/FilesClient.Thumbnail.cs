using System.Text.Json;
using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

public sealed partial class FilesClient
{
    /// <summary>
    /// files/get_thumbnail_v2: writes the thumbnail's bytes to <paramref name="destination"/> as they arrive and returns the
    /// image file's metadata. format: jpeg | png | webp; size: w32h32 ... w2048h1536; mode: strict | bestfit | fitone_bestfit | original.
    /// </summary>
    public async Task<DropboxFile?> GetThumbnailAsync(string path, string format, string size, string mode, Stream destination,
        CancellationToken cancellationToken)
    {
        const string route = "files/get_thumbnail_v2";
        var arg = new ThumbnailArg { Resource = new ThumbnailResource { Path = DropboxPath.Normalize(path) }, Format = format, Size = size, Mode = mode };
        using var request = _api.Transport.CreateDownloadRequest(route, JsonSerializer.Serialize(arg, WireJson.Default.ThumbnailArg));
        using var response = await _api.SendAsync(request, route, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await ApiCaller.ThrowIfFailedAsync(response, route).ConfigureAwait(false);
        using (var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
        {
            await body.CopyToAsync(destination, 81920, cancellationToken).ConfigureAwait(false);
        }
        return response.Headers.TryGetValues("Dropbox-API-Result", out var values) && values.FirstOrDefault() is { } json
            ? JsonSerializer.Deserialize(json, WireJson.Default.PreviewResult)?.FileMetadata
            : null;
    }
}
