namespace PSDropbox.Client;

/// <summary>Turns what a person types into the path forms the API accepts (dropbox-api-v2.md §3).</summary>
public static class DropboxPath
{
    /// <summary>"/" (or empty, or "Dropbox:/") means the root, which the API spells "".</summary>
    public static bool IsRoot(string? path) => WithoutDrive(path) is "" or "/";

    /// <summary>The drive Connect-Dropbox mounts: "Dropbox:/a/b" (or "Dropbox:\a\b") in a remote path means "/a/b".</summary>
    public const string DrivePrefix = "Dropbox:";

    /// <summary>
    /// Accepts /a/b, a/b (taken from the root), Dropbox:/a/b, id:..., rev:..., ns:..., and /a/b/ (one trailing slash names
    /// the folder, as Tab completion writes it). Refuses "//" at the end and trailing whitespace, which Dropbox rejects as
    /// malformed.
    /// </summary>
    public static string Normalize(string path)
    {
        if (path is null) throw new ArgumentNullException(nameof(path));
        path = WithoutDrive(path);
        if (IsRoot(path)) return "";
        if (path.StartsWith("id:", StringComparison.Ordinal) || path.StartsWith("rev:", StringComparison.Ordinal) ||
            path.StartsWith("ns:", StringComparison.Ordinal))
            return path;
        var original = path;
        if (path.EndsWith("/", StringComparison.Ordinal)) path = path.Substring(0, path.Length - 1);
        if (path.EndsWith("/", StringComparison.Ordinal))
            throw new MalformedPathException(original, $"The path '{original}' ends with '//'. Dropbox names cannot be empty; use '{original.TrimEnd('/')}'.");
        if (HasBrokenSurrogate(path))
            throw new MalformedPathException(original, $"The path '{original}' contains half of a surrogate pair (broken Unicode text), which no Dropbox name can hold.");
        if (char.IsWhiteSpace(path[path.Length - 1]))
            throw new MalformedPathException(original, $"The path '{original}' ends with whitespace, which Dropbox does not allow in names.");
        return path.StartsWith("/", StringComparison.Ordinal) ? path : "/" + path;
    }

    /// <summary>
    /// The n-th name Dropbox gives a file it autorenames to avoid a conflict: "/a/doc (n).txt", or after an update
    /// conflict "/a/doc (conflicted copy).txt", "/a/doc (conflicted copy n).txt" (n from 2).
    /// </summary>
    internal static string Autorenamed(string path, int n, bool conflictedCopy)
    {
        var slash = path.LastIndexOf('/');
        var (folder, name) = (path.Substring(0, slash + 1), path.Substring(slash + 1));
        var label = !conflictedCopy ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : n == 1 ? "conflicted copy" : $"conflicted copy {n}";
        var dot = name.LastIndexOf('.');
        return dot > 0 ? $"{folder}{name.Substring(0, dot)} ({label}){name.Substring(dot)}" : $"{folder}{name} ({label})";
    }

    private static string WithoutDrive(string? path) =>
        path is null ? "" : path.StartsWith(DrivePrefix, StringComparison.OrdinalIgnoreCase) ? path.Substring(DrivePrefix.Length).Replace('\\', '/') : path;

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
