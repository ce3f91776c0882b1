namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// Encrypted content that does not decrypt: a block whose tag does not match (changed, damaged, or another password),
/// a missing or foreign header, a cut-off block. Not an IOException: it is never retried as a broken connection.
/// </summary>
public sealed class DecryptionFailedException : Exception
{
    public DecryptionFailedException(string message) : base(message)
    {
    }

    /// <summary>The remote path the content came from, once known.</summary>
    public string? Path { get; private set; }

    internal DecryptionFailedException For(string path)
    {
        var named = new DecryptionFailedException($"'{path}': {Message}") { Path = path };
        return named;
    }
}
