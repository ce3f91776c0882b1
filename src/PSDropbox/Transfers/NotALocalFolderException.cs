namespace PSDropbox.Transfers;

/// <summary>A local file was given where a local folder is expected (the folder of a sync or comparison).</summary>
public sealed class NotALocalFolderException : IOException
{
    public NotALocalFolderException(string path, string use)
        : base($"The local path '{path}' is a file, not a folder: {use}.") => Path = path;

    public string Path { get; }
}
