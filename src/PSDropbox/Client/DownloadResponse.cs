using System.Net;
using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

/// <summary>
/// An open files/download response: the file's metadata (from Dropbox-API-Result, always the whole file) and the body
/// stream, which starts at <see cref="Offset"/> (0 unless a Range was honoured with 206). Dispose to release the connection.
/// </summary>
internal sealed class DownloadResponse : IDisposable
{
    private readonly HttpResponseMessage _response;

    public DownloadResponse(HttpResponseMessage response, DropboxFile metadata, Stream content, long offset, ExportMetadata? export = null)
    {
        _response = response;
        Metadata = metadata;
        Content = content;
        Offset = offset;
        Export = export;
    }

    public DropboxFile Metadata { get; }
    /// <summary>files/export: the exported file's name, size and hash (the body is the export, not the file).</summary>
    public ExportMetadata? Export { get; }
    public Stream Content { get; }
    public long Offset { get; }
    public bool IsPartial => _response.StatusCode == HttpStatusCode.PartialContent;

    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }
}
