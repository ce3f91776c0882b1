using PSDropbox.Client;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// Downloads one file of an encrypted folder into "&lt;target&gt;.psdropbox-partial", decrypting as it arrives; every
/// block is authenticated before it is written. Only a file that decrypted whole, at its full plaintext size, is renamed
/// over the target; when a block fails (another password, a changed or damaged file) the partial file is deleted and
/// <see cref="DecryptionFailedException"/> says why. A body that breaks is continued from the last whole block on disk
/// with a ranged request for the same revision, under the transport's retry policy. A partial file left by an earlier
/// command is not trusted (its nonce is not known): the download starts over.
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

    /// <param name="storedPath">The file's stored (encrypted) path.</param>
    /// <param name="progress">Receives the number of plaintext bytes on disk so far.</param>
    public async Task<DropboxFile> DownloadAsync(string storedPath, string target, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var partial = FileDownloader.PartialPathFor(target);
        try
        {
            using var response = await _files.DownloadAsync(storedPath, null, cancellationToken).ConfigureAwait(false);
            var metadata = response.Metadata;
            var plainSize = CryptFormat.DecryptedSize(metadata.Size)
                            ?? throw new DecryptionFailedException($"Its size ({metadata.Size} bytes) is not the size of an encrypted file.");
            var header = new byte[CryptFormat.HeaderSize];
            var nonce = DecryptingStream.ReadHeader(header, await DecryptingStream.ReadFillAsync(response.Content, header, 0, header.Length, cancellationToken).ConfigureAwait(false));
            using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
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
                            var kept = output.Length / CryptFormat.BlockDataSize;
                            if (kept > firstBlock) schedule.Reset();
                            if (schedule.Next() is not TimeSpan wait) throw;
                            await schedule.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
                            resumed?.Dispose();
                            resumed = await _files.DownloadAsync("rev:" + metadata.Rev, CryptFormat.BlockOffset(kept), cancellationToken).ConfigureAwait(false);
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
            return metadata;
        }
        catch
        {
            if (File.Exists(partial)) File.Delete(partial);
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
