using System.Text.Json;
using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

public sealed partial class FilesClient
{
    private const int ZipCopyBufferSize = 1024 * 1024;

    /// <summary>
    /// files/download_zip: writes the folder's zip into <paramref name="destination"/> as it arrives, reporting the bytes
    /// written so far, and returns the folder's metadata. Dropbox sends zips whole (no Range) and with no content hash.
    /// </summary>
    internal async Task<DropboxFolder> DownloadZipAsync(string path, Stream destination, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        const string route = "files/download_zip";
        var arg = JsonSerializer.Serialize(new PathArg { Path = DropboxPath.Normalize(path) }, WireJson.Default.PathArg);
        using var request = _api.Transport.CreateDownloadRequest(route, arg);
        using var response = await _api.SendAsync(request, route, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await ApiCaller.ThrowIfFailedAsync(response, route).ConfigureAwait(false);
        // The result {"metadata": FolderMetadata} has the shape of create_folder_v2's.
        var result = response.Headers.TryGetValues("Dropbox-API-Result", out var values) && values.FirstOrDefault() is { } json
            ? JsonSerializer.Deserialize(json, WireJson.Default.CreateFolderResult)
            : null;
        if (result is null)
            throw new DropboxServerException(route, response.StatusCode, "the response has no Dropbox-API-Result header", ApiCaller.RequestId(response));
        using var body = new ResponseBodyStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), route, request.RequestUri!);
        var buffer = new byte[ZipCopyBufferSize];
        long written = 0;
        int n;
        while ((n = await body.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
        {
            await destination.WriteAsync(buffer, 0, n, cancellationToken).ConfigureAwait(false);
            written += n;
            progress?.Report(written);
        }
        return result.Metadata;
    }
}
