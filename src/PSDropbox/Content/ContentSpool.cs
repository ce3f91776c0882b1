using System.Text;
using PSDropbox.Client;
using PSDropbox.Client.Wire;
using PSDropbox.Transfers;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Content;

/// <summary>
/// Text and bytes bound for one Dropbox file, collected in a temporary file only the current user can read (so memory
/// stays flat however much is piped in), then uploaded the way Send-DropboxFile uploads a file: one request, or an
/// upload session for large content, with the content_hash checked. The temporary file is deleted on Dispose.
/// </summary>
internal sealed class ContentSpool : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "psdropbox-" + Guid.NewGuid().ToString("N") + ".spool");
    private readonly FileStream _file;
    private readonly Encoding _encoding;
    private StreamWriter? _text;

    public ContentSpool(Encoding encoding)
    {
        _encoding = encoding;
        _file = OwnerOnlyFile.CreateNew(_path);
    }

    /// <summary>
    /// Writes text in the spool's encoding. Its byte order mark, if it has one, comes first when the text is the first
    /// thing written (StreamWriter leaves it out when the stream already holds bytes).
    /// </summary>
    public void WriteText(string text)
    {
        _text ??= new StreamWriter(_file, _encoding, 64 * 1024, leaveOpen: true);
        _text.Write(text);
    }

    public void WriteBytes(byte[] bytes, int offset, int count)
    {
        _text?.Flush();
        _file.Write(bytes, offset, count);
    }

    /// <summary>Copies what <paramref name="source"/> holds (the current content of a file being appended to).</summary>
    public Task CopyFromAsync(Stream source, CancellationToken cancellationToken)
    {
        _text?.Flush();
        return source.CopyToAsync(_file, 1024 * 1024, cancellationToken);
    }

    /// <summary>Uploads what was written, committed as <paramref name="commit"/> says.</summary>
    public Task<DropboxFile> UploadAsync(FilesClient files, CommitInfo commit, CancellationToken cancellationToken) =>
        UploadAsync(files, Array.Empty<CryptFolder>(), commit, cancellationToken);

    /// <summary>Uploads what was written; into an encrypted folder, encrypted.</summary>
    public async Task<DropboxFile> UploadAsync(FilesClient files, IReadOnlyList<CryptFolder> crypt, CommitInfo commit, CancellationToken cancellationToken)
    {
        Close();
        return await CryptTransfers.UploadAsync(files, crypt, _path, commit, resume: false, FileUploader.DefaultChunkSize, null, _ => { }, cancellationToken)
                   .ConfigureAwait(false)
               ?? await new FileUploader(files).UploadAsync(_path, commit, resume: false, progress: null, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        Close();
        File.Delete(_path);
    }

    private void Close()
    {
        // A StreamWriter that leaves its stream open would flush into the closed file if disposed twice.
        _text?.Dispose();
        _text = null;
        _file.Dispose();
    }
}
