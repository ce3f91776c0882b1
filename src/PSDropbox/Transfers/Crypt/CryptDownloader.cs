using PSDropbox.Client;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// Downloads one file of an encrypted folder into "&lt;target&gt;.psdropbox-partial", decrypting as it arrives; every
/// block is authenticated before it is written. Only a file that decrypted whole, at its full plaintext size, is renamed
/// over the target; when a block fails (another password, a changed or damaged file) the partial file is deleted and
/// <see cref="DecryptionFailedException"/> says why. A body that breaks is continued from the last whole block on disk
/// with a ranged request for the same revision, under the transport's retry policy. A download stopped otherwise (Ctrl+C,
/// the retries spent) keeps its partial file and a <see cref="CryptDownloadState"/> (the revision and its nonce), so a
/// later -Resume of the same revision continues from the last whole block; another revision starts over.
/// </summary>
internal sealed class CryptDownloader
{
    private readonly FilesClient _files;
    private readonly byte[] _dataKey;

    public CryptDownloader(FilesClient files, CryptKeys keys)
    {
        _files = files;
        _dataKey = keys.DataKey;
    }

    /// <param name="rev">The revision to download.</param>
    /// <param name="resume">Continue a partial file this revision left, if there is one.</param>
    /// <param name="progress">Receives the number of plaintext bytes on disk so far.</param>
    public async Task<DropboxFile> DownloadAsync(string rev, string target, bool resume, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var partial = FileDownloader.PartialPathFor(target);
        var statePath = CryptDownloadState.PathFor(target);
        var state = resume && File.Exists(partial) ? CryptDownloadState.Load(statePath) : null;
        if (state is not null && state.Rev != rev) state = null;
        try
        {
            var kept = state is null ? 0 : new FileInfo(partial).Length / CryptFormat.BlockDataSize;
            using var response = await _files.DownloadAsync("rev:" + rev, state is null ? null : CryptFormat.BlockOffset(kept), cancellationToken)
                .ConfigureAwait(false);
            var metadata = response.Metadata;
            var plainSize = CryptFormat.DecryptedSize(metadata.Size)
                            ?? throw new DecryptionFailedException($"Its size ({metadata.Size} bytes) is not the size of an encrypted file.");
            byte[] nonce;
            if (state is not null && response.Offset == CryptFormat.BlockOffset(kept))
            {
                nonce = Convert.FromBase64String(state.Nonce);
            }
            else
            {
                kept = 0;
                var header = new byte[CryptFormat.HeaderSize];
                nonce = DecryptingStream.ReadHeader(header, await DecryptingStream.ReadFillAsync(response.Content, header, 0, header.Length, cancellationToken).ConfigureAwait(false));
                new CryptDownloadState { Rev = rev, Nonce = Convert.ToBase64String(nonce) }.Save(statePath);
            }
            using (var output = new FileStream(partial, kept > 0 ? FileMode.Open : FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                output.SetLength(kept * CryptFormat.BlockDataSize);
                var schedule = _files.RetryPolicy.Start();
                var body = response.Content;
                DownloadResponse? resumed = null;
                try
                {
                    while (true)
                    {
                        var firstBlock = output.Length / CryptFormat.BlockDataSize;
                        try
                        {
                            await DecryptIntoAsync(body, nonce, firstBlock, output, progress, cancellationToken).ConfigureAwait(false);
                            break;
                        }
                        catch (DropboxException e) when (e is { WhileReceiving: true, IsTransient: true })
                        {
                            var whole = output.Length / CryptFormat.BlockDataSize;
                            if (whole > firstBlock) schedule.Reset();
                            if (schedule.Next() is not TimeSpan wait) throw;
                            await schedule.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
                            resumed?.Dispose();
                            resumed = await _files.DownloadAsync("rev:" + rev, CryptFormat.BlockOffset(whole), cancellationToken).ConfigureAwait(false);
                            body = resumed.Content;
                        }
                    }
                }
                finally
                {
                    resumed?.Dispose();
                }
                if (output.Length != plainSize)
                    throw new IOException($"The download of '{metadata.Path}' ended after {output.Length} of {plainSize} plaintext bytes.");
            }
            File.SetLastWriteTimeUtc(partial, DateTime.SpecifyKind(metadata.ClientModified, DateTimeKind.Utc));
            FileDownloader.MoveIntoPlace(partial, target);
            StateFiles.Delete(statePath);
            return metadata;
        }
        catch (DecryptionFailedException)
        {
            // Bytes that do not authenticate: nothing of the file is kept.
            if (File.Exists(partial)) File.Delete(partial);
            StateFiles.Delete(statePath);
            throw;
        }
    }

    /// <summary>Decrypts <paramref name="encrypted"/> (from block <paramref name="firstBlock"/> on) into the output at that block's plaintext offset.</summary>
    private async Task DecryptIntoAsync(Stream encrypted, byte[] nonce, long firstBlock, FileStream output, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        output.SetLength(firstBlock * CryptFormat.BlockDataSize);
        output.Position = output.Length;
        using var plain = new DecryptingStream(encrypted, _dataKey, nonce, firstBlock, leaveOpen: true);
        await plain.CopyToAsync(output, () => progress?.Report(output.Position), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
