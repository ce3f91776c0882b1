using System.Text;

namespace PSDropbox.Transfers.Sync;

/// <summary>
/// The key a sync matches a local item with a Dropbox item by: its path relative to the synced folder, each name
/// NFC-normalized and lowercased, as Dropbox compares names (so "a.txt" and "A.txt", or the NFC and NFD spellings of
/// "é.txt", are one key). Keys are ordered name by name ("a" &lt; "a/b" &lt; "a.b"), which is the order of a
/// depth-first walk that visits each folder's entries sorted by key: both sides can then be merged as sorted streams.
/// </summary>
internal static class SyncKey
{
    public static readonly IComparer<string> Order = new PathOrder();

    /// <summary>The folded form of one name.</summary>
    public static string Fold(string name)
    {
        try
        {
            return name.Normalize(NormalizationForm.FormC).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            return name.ToLowerInvariant(); // not valid Unicode (a lone surrogate): compared as it is
        }
    }

    public static string Child(string parentKey, string name) => parentKey.Length == 0 ? Fold(name) : parentKey + "/" + Fold(name);

    /// <summary>Whether <paramref name="key"/> lies strictly inside the folder <paramref name="folderKey"/>.</summary>
    public static bool IsInside(string key, string folderKey) =>
        folderKey.Length == 0
            ? key.Length > 0
            : key.Length > folderKey.Length && key[folderKey.Length] == '/' && key.StartsWith(folderKey, StringComparison.Ordinal);

    /// <summary>Ordinal, except that "/" sorts before every other character: the order of names, one level at a time.</summary>
    private sealed class PathOrder : IComparer<string>
    {
        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var length = Math.Min(x.Length, y.Length);
            for (var i = 0; i < length; i++)
            {
                var a = x[i];
                var b = y[i];
                if (a == b) continue;
                if (a == '/') return -1;
                if (b == '/') return 1;
                return a < b ? -1 : 1;
            }
            return x.Length.CompareTo(y.Length);
        }
    }
}
