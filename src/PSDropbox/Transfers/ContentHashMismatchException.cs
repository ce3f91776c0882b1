namespace PSDropbox.Transfers;

/// <summary>The content_hash Dropbox reports differs from the hash of the local bytes: the transfer is not trusted.</summary>
public sealed class ContentHashMismatchException : IOException
{
    public ContentHashMismatchException(string what, string expected, string actual)
        : base($"{what}: the content hash does not match (expected {expected}, got {actual}). The transfer was not kept.")
    {
        Expected = expected;
        Actual = actual;
    }

    public string Expected { get; }
    public string Actual { get; }
}
