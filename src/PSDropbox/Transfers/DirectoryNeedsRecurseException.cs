namespace PSDropbox.Transfers;

/// <summary>A folder was given to a transfer without -Recurse.</summary>
public sealed class DirectoryNeedsRecurseException : IOException
{
    public DirectoryNeedsRecurseException(string path)
        : base($"'{path}' is a folder. Use -Recurse to transfer a folder and everything in it.") => Path = path;

    public string Path { get; }
}
