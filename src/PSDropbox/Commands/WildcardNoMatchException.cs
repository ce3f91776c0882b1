namespace PSDropbox.Commands;

/// <summary>A remote wildcard path (<see cref="RemoteWildcard"/>) whose folder holds no matching item.</summary>
public sealed class WildcardNoMatchException : Exception
{
    public WildcardNoMatchException(string path, string folder, string pattern, string? hint)
        : base($"Nothing in '{folder}' matches '{pattern}', so '{path}' was not found in Dropbox." + (hint is null ? "" : " " + hint))
    {
        Path = path;
    }

    /// <summary>The wildcard path as given.</summary>
    public string Path { get; }
}
