namespace PSDropbox.Client;

/// <summary>Turns what a person types into the path forms the API accepts (dropbox-api-v2.md §3).</summary>
public static class DropboxPath
{
    /// <summary>"/" (or empty) means the root, which the API spells "".</summary>
    public static bool IsRoot(string? path) => string.IsNullOrEmpty(path) || path == "/";

    /// <summary>
    /// Accepts /a/b, a/b (taken from the root), id:..., rev:..., ns:... Refuses a trailing slash or
    /// trailing whitespace, which Dropbox rejects as malformed.
    /// </summary>
    public static string Normalize(string path)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        if (IsRoot(path)) return "";
        if (path.StartsWith("id:", StringComparison.Ordinal) || path.StartsWith("rev:", StringComparison.Ordinal) ||
            path.StartsWith("ns:", StringComparison.Ordinal))
            return path;
        if (path.EndsWith("/", StringComparison.Ordinal))
            throw new MalformedPathException(path, $"The path '{path}' ends with '/'. Dropbox paths name an item without a trailing slash; use '{path.TrimEnd('/')}'.");
        if (HasBrokenSurrogate(path))
            throw new MalformedPathException(path, $"The path '{path}' contains half of a surrogate pair (broken Unicode text), which no Dropbox name can hold.");
        if (char.IsWhiteSpace(path[path.Length - 1]))
            throw new MalformedPathException(path, $"The path '{path}' ends with whitespace, which Dropbox does not allow in names.");
        return path.StartsWith("/", StringComparison.Ordinal) ? path : "/" + path;
    }

    // JSON serialization would silently turn a lone surrogate into U+FFFD, i.e. into another name.
    private static bool HasBrokenSurrogate(string path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            if (char.IsHighSurrogate(path[i]) && i + 1 < path.Length && char.IsLowSurrogate(path[i + 1])) i++;
            else if (char.IsSurrogate(path[i])) return true;
        }
        return false;
    }
}

/// <summary>A path the client can tell is malformed without asking the server.</summary>
public sealed class MalformedPathException : ArgumentException
{
    public MalformedPathException(string path, string message) : base(message) => Path = path;

    public string Path { get; }
}
