using System.Globalization;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// rclone's version suffix: "name-v2006-01-02-150405-000.ext". Crypt encrypts a file name without it and puts it back
/// afterwards, so a versioned name stays recognisable; to read and write the same names as rclone, so do we.
/// </summary>
internal static class VersionedName
{
    // "-v" + yyyy-MM-dd-HHmmss + "-" + fff
    private const int SuffixLength = 23;

    /// <summary>Splits "base-vYYYY-MM-DD-hhmmss-fff.ext" into "base.ext" and the suffix; false when there is no valid one.</summary>
    public static bool TryRemove(string name, out string unversioned, out string suffix)
    {
        unversioned = name;
        suffix = "";
        var (stem, extension) = SplitExtension(name);
        if (stem.Length < SuffixLength) return false;
        var candidate = stem.Substring(stem.Length - SuffixLength);
        if (!IsSuffix(candidate)) return false;
        suffix = candidate;
        unversioned = stem.Substring(0, stem.Length - SuffixLength) + extension;
        return true;
    }

    /// <summary>Puts a suffix from <see cref="TryRemove"/> back before the extension of <paramref name="name"/>.</summary>
    public static string Add(string name, string suffix)
    {
        var (stem, extension) = SplitExtension(name);
        return stem + suffix + extension;
    }

    /// <summary>Like Go's path.Ext split, except that a name which is only an extension (".profile") is all stem.</summary>
    private static (string Stem, string Extension) SplitExtension(string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot <= 0) return (name, "");
        return (name.Substring(0, dot), name.Substring(dot));
    }

    private static bool IsSuffix(string candidate)
    {
        const string Shape = "-v0000-00-00-000000-000";
        for (var i = 0; i < SuffixLength; i++)
        {
            var isDigit = candidate[i] is >= '0' and <= '9';
            if (Shape[i] == '0' ? !isDigit : candidate[i] != Shape[i]) return false;
        }
        return DateTime.TryParseExact(candidate.Substring(2), "yyyy-MM-dd-HHmmss-fff", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }
}
