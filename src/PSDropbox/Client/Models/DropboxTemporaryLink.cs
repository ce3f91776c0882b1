namespace PSDropbox;

/// <summary>A files/get_temporary_link link: anyone with the URL can download the file, without signing in, for about 4 hours.</summary>
public sealed class DropboxTemporaryLink
{
    public string Url { get; init; } = "";
    public string Name { get; init; } = "";
    public string? Path { get; init; }
    /// <summary>When the link stops working: 4 hours after it was made (Dropbox does not return the time itself).</summary>
    public DateTime Expires { get; init; }
    public DropboxFile File { get; init; } = new();

    public override string ToString() => Url;
}
