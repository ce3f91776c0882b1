using System.Net;

namespace PSDropbox.Client;

/// <summary>
/// An open files/download response: the file's metadata (from Dropbox-API-Result, always the whole file) and the body
/// stream, which starts at <see cref="Offset"/> (0 unless a Range was honoured with 206). Dispose to release the connection.
/// </summary>
internal sealed class DownloadResponse : IDisposable
{
    private readonly HttpResponseMessage _response;

    public DownloadResponse(HttpResponseMessage response, DropboxFile metadata, Stream content, long offset)
    {
        _response = response;
        Metadata = metadata;
        Content = content;
        Offset = offset;
    }

    public DropboxFile Metadata { get; }
    public Stream Content { get; }
    public long Offset { get; }
    public bool IsPartial => _response.StatusCode == HttpStatusCode.PartialContent;

    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }
}
