namespace PSDropbox.Client;

/// <summary>What happened to one entry of a batch: the resulting item, or the error Dropbox reported for it.</summary>
public sealed class BatchOutcome
{
    internal BatchOutcome(DropboxItem? item, DropboxApiException? error)
    {
        Item = item;
        Error = error;
    }

    /// <summary>The item as it is now (copy/move) or as it was (delete); null when the entry failed.</summary>
    public DropboxItem? Item { get; }

    /// <summary>Why the entry failed; null when it succeeded.</summary>
    public DropboxApiException? Error { get; }
}
