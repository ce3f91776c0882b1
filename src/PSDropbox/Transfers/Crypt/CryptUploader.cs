using PSDropbox.Client;
using PSDropbox.Client.Wire;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// Uploads one local file into an encrypted folder, encrypting it as it is read, as a <see cref="ChunkedUpload"/> of
/// its <see cref="EncryptingStream"/>. Chunks end on block boundaries (the first also holds the 32-byte header), so
/// every block is sealed once. The file's nonce is kept in the owner-only <see cref="UploadState"/> with the session, so
/// -Resume carries on with the same nonce and sends nothing twice. The content_hash Dropbox reports must equal the
/// encrypted bytes' hash.
/// </summary>
internal sealed class CryptUploader
{
    private readonly FilesClient _files;
    private readonly byte[] _dataKey;
    private readonly int _chunkBody;

    /// <param name="chunkSize">About how many bytes per request; rounded down to whole encrypted blocks (at least one).</param>
    public CryptUploader(FilesClient files, CryptKeys keys, long chunkSize)
    {
        _files = files;
        _dataKey = keys.DataKey;
        _chunkBody = (int)Math.Max(1, chunkSize / CryptFormat.BlockSize) * CryptFormat.BlockSize;
    }

    /// <param name="progress">Receives how many plaintext bytes the server has confirmed.</param>
    public async Task<DropboxFile> UploadAsync(string localPath, CommitInfo commit, bool resume, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var plain = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var lastWrite = File.GetLastWriteTimeUtc(localPath);
        commit.ClientModified = FileUploader.ClientModified(lastWrite);
        var plainSize = plain.Length;
        var fullPath = Path.GetFullPath(localPath);
        var statePath = UploadState.PathFor(fullPath, plainSize, lastWrite, commit.Path);
        var state = resume ? UploadState.Load(statePath) : null;
        if (state?.CryptNonce is null) state = null;
        var nonce = state is null ? FileNonce.Random() : Convert.FromBase64String(state.CryptNonce!);
        using var encrypted = new EncryptingStream(plain, _dataKey, nonce, leaveOpen: true);
        var size = encrypted.Length;
        var upload = new ChunkedUpload(_files, encrypted, CryptFormat.HeaderSize + _chunkBody, offset => ChunkLength(offset, size));
        return await upload.UploadAsync(commit, statePath, state,
                   sessionId => new UploadState
                   {
                       SessionId = sessionId, LocalPath = fullPath, Size = plainSize, LastWriteUtc = lastWrite, Destination = commit.Path,
                       CryptNonce = Convert.ToBase64String(nonce),
                   },
                   progress is null ? null : new PlaintextProgress(progress, plainSize, size), cancellationToken).ConfigureAwait(false)
               ?? await UploadAsync(localPath, commit, resume: false, progress, cancellationToken).ConfigureAwait(false); // the session expired: a new nonce
    }

    /// <summary>How long the chunk that starts at <paramref name="offset"/> is: up to the next block boundary a whole chunk away.</summary>
    private int ChunkLength(long offset, long size)
    {
        var end = offset < CryptFormat.HeaderSize
            ? CryptFormat.HeaderSize + _chunkBody
            : CryptFormat.HeaderSize + ((offset - CryptFormat.HeaderSize) / _chunkBody + 1) * _chunkBody;
        return (int)(Math.Min(end, size) - offset);
    }

    /// <summary>Turns encrypted bytes confirmed into the plaintext bytes they hold.</summary>
    private sealed class PlaintextProgress(IProgress<long> plaintext, long plainSize, long size) : IProgress<long>
    {
        public void Report(long value) => plaintext.Report(size == 0 ? 0 : (long)(plainSize * ((double)value / size)));
    }
}
