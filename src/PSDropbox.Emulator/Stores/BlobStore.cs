using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>Content-addressed blobs: DATA/blobs/ab/&lt;content_hash&gt;, written to a temp file then renamed.</summary>
internal sealed class BlobStore
{
    private const long SmallFile = 1024 * 1024;

    private readonly string _root;
    private readonly string _tmp;

    public BlobStore(string dataDirectory)
    {
        _root = Path.Combine(dataDirectory, "blobs");
        _tmp = Path.Combine(_root, "tmp");
        Directory.CreateDirectory(_tmp);
    }

    public string PathFor(string contentHash) => Path.Combine(_root, contentHash[..2], contentHash);

    public bool Exists(string contentHash) => File.Exists(PathFor(contentHash));

    public Stream OpenRead(string contentHash) =>
        new FileStream(PathFor(contentHash), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);

    /// <summary>
    /// Streams <paramref name="source"/> into the store; returns its content_hash and length. With
    /// <paramref name="expectedHash"/>, content that does not match it is hashed but not kept.
    /// </summary>
    public async Task<(string Hash, long Size)> PutAsync(Stream source, CancellationToken ct = default, string? expectedHash = null)
    {
        string tmp = Path.Combine(_tmp, Guid.NewGuid().ToString("N"));
        using var hasher = new ContentHasher();
        try
        {
            await using (var output = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int n;
                while ((n = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    hasher.Append(buffer.AsSpan(0, n));
                    await output.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                }
            }
            string hash = hasher.Finish();
            if (expectedHash is null || expectedHash == hash)
            {
                Commit(tmp, hash);
            }
            return (hash, hasher.Length);
        }
        finally
        {
            if (File.Exists(tmp))
            {
                File.Delete(tmp);
            }
        }
    }

    /// <summary>Copies a local file into the store (streamed).</summary>
    public async Task<(string Hash, long Size)> PutFileAsync(string localPath, CancellationToken ct = default)
    {
        var info = new FileInfo(localPath);
        if (info.Length <= SmallFile)
        {
            // small files: one bounded read, hash, write only if the content is new
            byte[] data = await File.ReadAllBytesAsync(localPath, ct).ConfigureAwait(false);
            string hash = ContentHasher.Compute(data);
            if (!Exists(hash))
            {
                string tmp = Path.Combine(_tmp, Guid.NewGuid().ToString("N"));
                try
                {
                    await File.WriteAllBytesAsync(tmp, data, ct).ConfigureAwait(false);
                    Commit(tmp, hash);
                }
                finally
                {
                    if (File.Exists(tmp))
                    {
                        File.Delete(tmp);
                    }
                }
            }
            return (hash, data.Length);
        }
        await using var input = new FileStream(localPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 81920, useAsync: true);
        return await PutAsync(input, ct).ConfigureAwait(false);
    }

    private void Commit(string tmp, string hash)
    {
        string final = PathFor(hash);
        if (File.Exists(final))
        {
            return; // same content already stored
        }
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        try
        {
            File.Move(tmp, final);
        }
        catch (IOException) when (File.Exists(final))
        {
            // a concurrent writer stored the same content first
        }
    }
}
