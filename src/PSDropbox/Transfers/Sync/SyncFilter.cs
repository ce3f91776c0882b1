namespace PSDropbox.Transfers.Sync;

/// <summary>An -Include or -Exclude wildcard: matched against the relative path when it holds a "/", else against the name.</summary>
internal sealed class SyncPattern
{
    private readonly Func<string, bool> _isMatch;

    /// <param name="text">The pattern as given ("\" is read as "/").</param>
    /// <param name="isMatch">Matches one string against the pattern (the cmdlet supplies PowerShell's wildcard rules).</param>
    public SyncPattern(string text, Func<string, bool> isMatch)
    {
        Text = text;
        _isMatch = isMatch;
        MatchesPath = text.IndexOf('/') >= 0;
    }

    public string Text { get; }

    public bool MatchesPath { get; }

    public bool IsMatch(string relativePath, string name) => _isMatch(MatchesPath ? relativePath : name);
}

/// <summary>
/// Which items a sync leaves out, on both sides (an item left out is never copied and never deleted; a folder left out
/// is left out with everything in it):
/// - names Dropbox itself does not sync: desktop.ini, thumbs.db, .ds_store, icon\r, .dropbox, .dropbox.attr, .dropbox.cache;
/// - temporary files: names starting with "~$" or ".~", or starting with "~" and ending with ".tmp";
/// - partial downloads of PSDropbox (*.psdropbox-partial);
/// - items matching an -Exclude pattern; with -Include, files matching no -Include pattern (folders are still walked).
/// Hidden items (dot names, the Hidden attribute) are synced like any other.
/// </summary>
internal sealed class SyncFilter
{
    public const string PartialSuffix = ".psdropbox-partial";

    private static readonly HashSet<string> NotSynced = new(StringComparer.OrdinalIgnoreCase)
    {
        "desktop.ini", "thumbs.db", ".ds_store", "icon\r", ".dropbox", ".dropbox.attr", ".dropbox.cache",
    };

    public static readonly SyncFilter None = new(Array.Empty<SyncPattern>(), Array.Empty<SyncPattern>());

    private readonly IReadOnlyList<SyncPattern> _include;
    private readonly IReadOnlyList<SyncPattern> _exclude;

    public SyncFilter(IReadOnlyList<SyncPattern> include, IReadOnlyList<SyncPattern> exclude)
    {
        _include = include;
        _exclude = exclude;
    }

    /// <summary>With -Include, folders are not synced for themselves, only as the place of included files.</summary>
    public bool HasInclude => _include.Count > 0;

    public bool Excludes(string relativePath, string name, bool isFolder)
    {
        if (IsNeverSynced(name)) return true;
        foreach (var pattern in _exclude)
        {
            if (pattern.IsMatch(relativePath, name)) return true;
        }
        if (isFolder || _include.Count == 0) return false;
        foreach (var pattern in _include)
        {
            if (pattern.IsMatch(relativePath, name)) return false;
        }
        return true;
    }

    /// <summary>Names left out whatever the patterns say (see the class summary).</summary>
    public static bool IsNeverSynced(string name) =>
        NotSynced.Contains(name) ||
        name.StartsWith("~$", StringComparison.Ordinal) ||
        name.StartsWith(".~", StringComparison.Ordinal) ||
        (name.StartsWith("~", StringComparison.Ordinal) && name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)) ||
        name.EndsWith(PartialSuffix, StringComparison.OrdinalIgnoreCase);
}
