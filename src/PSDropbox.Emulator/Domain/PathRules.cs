using System.Text;
using System.Text.RegularExpressions;

namespace PSDropbox.Emulator.Domain;

internal enum PathKind { Root, Path, Id, Rev }

/// <summary>A syntactically valid path argument. Segments are display names (as sent).</summary>
internal sealed record PathSpec(PathKind Kind, IReadOnlyList<string> Segments, string? Id = null, string? Rev = null, string? Namespace = null)
{
    public static readonly PathSpec Root = new(PathKind.Root, []);

    /// <summary>The lower-cased "/a/b" of a plain path (null for id:, rev: and root paths).</summary>
    public string? LowerPath => Kind == PathKind.Path ? PathRules.LowerPath("/" + string.Join('/', Segments)) : null;
}

/// <summary>Stone path patterns (§3) and Dropbox name rules.</summary>
internal static partial class PathRules
{
    public const string ReadPath = @"(/(.|[\r\n])*|id:.*)|(rev:[0-9a-f]{9,})|(ns:[0-9]+(/(.|[\r\n])*)?)";
    public const string PathROrId = @"(/(.|[\r\n])*)?|id:.*|(ns:[0-9]+(/(.|[\r\n])*)?)";
    public const string WritePath = @"(/(.|[\r\n])*)|(ns:[0-9]+(/(.|[\r\n])*)?)";
    public const string WritePathOrId = @"(/(.|[\r\n])*)|(ns:[0-9]+(/(.|[\r\n])*)?)|(id:.*)";
    public const string PlainPath = @"/(.|[\r\n])*";

    private static readonly Dictionary<string, Regex> Compiled = new()
    {
        [ReadPath] = new Regex(@"\A(?:" + ReadPath + @")\z", RegexOptions.CultureInvariant),
        [PathROrId] = new Regex(@"\A(?:" + PathROrId + @")\z", RegexOptions.CultureInvariant),
        [WritePath] = new Regex(@"\A(?:" + WritePath + @")\z", RegexOptions.CultureInvariant),
        [WritePathOrId] = new Regex(@"\A(?:" + WritePathOrId + @")\z", RegexOptions.CultureInvariant),
        [PlainPath] = new Regex(@"\A(?:" + PlainPath + @")\z", RegexOptions.CultureInvariant),
    };

    private static readonly HashSet<string> Disallowed = new(StringComparer.OrdinalIgnoreCase)
    {
        "desktop.ini", "thumbs.db", ".ds_store", "icon\r", ".dropbox", ".dropbox.attr",
    };

    /// <summary>True when <paramref name="value"/> matches one of the Stone patterns above, whole.</summary>
    public static bool Matches(string pattern, string value) => Compiled[pattern].IsMatch(value);

    /// <summary>
    /// A pattern-valid path value as a <see cref="PathSpec"/>. Structural problems throw <see cref="PathProblemException"/>
    /// malformed_path (a WriteError for write arguments, else a LookupError) or disallowed_name.
    /// </summary>
    public static PathSpec ParseValue(string value, bool forWrite)
    {
        if (value.Length == 0)
        {
            return PathSpec.Root;
        }
        if (value.StartsWith("rev:", StringComparison.Ordinal))
        {
            return new PathSpec(PathKind.Rev, [], Rev: value[4..]);
        }
        if (value.StartsWith("id:", StringComparison.Ordinal))
        {
            int slash = value.IndexOf('/', StringComparison.Ordinal);
            string id = slash < 0 ? value : value[..slash];
            if (id.Length <= 3)
            {
                throw Malformed(forWrite);
            }
            var rel = slash < 0 ? [] : SplitSegments(value[slash..], forWrite);
            return new PathSpec(PathKind.Id, rel, Id: id);
        }
        if (value.StartsWith("ns:", StringComparison.Ordinal))
        {
            int slash = value.IndexOf('/', StringComparison.Ordinal);
            string ns = slash < 0 ? value[3..] : value[3..slash];
            var rel = slash < 0 ? [] : SplitSegments(value[slash..], forWrite);
            return new PathSpec(rel.Count == 0 ? PathKind.Root : PathKind.Path, rel, Namespace: ns);
        }
        return new PathSpec(PathKind.Path, SplitSegments(value, forWrite));
    }

    /// <summary>Splits "/a/b" into ["a","b"], enforcing the name rules.</summary>
    public static List<string> SplitSegments(string path, bool forWrite)
    {
        // path starts with '/'
        if (path.Length == 1 || path.EndsWith('/'))
        {
            throw Malformed(forWrite);
        }
        var segments = path[1..].Split('/');
        foreach (var s in segments)
        {
            CheckName(s, forWrite);
        }
        return [.. segments];
    }

    public static void CheckName(string name, bool forWrite)
    {
        if (name.Length == 0 || name == "." || name == ".." || name.Length > 255 || char.IsWhiteSpace(name[^1]))
        {
            throw Malformed(forWrite);
        }
        foreach (char c in name)
        {
            if (c == '\\' || c < 0x20 && c != '\r' || c == 0x7f)
            {
                throw Malformed(forWrite);
            }
        }
        if (name.Contains('\r', StringComparison.Ordinal) && !name.Equals("icon\r", StringComparison.OrdinalIgnoreCase))
        {
            throw Malformed(forWrite);
        }
        if (!IsValidUtf16(name))
        {
            throw Malformed(forWrite);
        }
        if (forWrite && Disallowed.Contains(name))
        {
            throw PathProblemException.Write("disallowed_name");
        }
    }

    private static PathProblemException Malformed(bool forWrite) =>
        forWrite ? PathProblemException.Write("malformed_path") : PathProblemException.Lookup("malformed_path");

    private static bool IsValidUtf16(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]))
            {
                if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1]))
                {
                    return false;
                }
                i++;
            }
            else if (char.IsLowSurrogate(s[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Lookup key of one name: NFC-normalized, lowercased (invariant).</summary>
    public static string LowerName(string name) => name.Normalize(NormalizationForm.FormC).ToLowerInvariant();

    /// <summary>Lookup key of a display path ("/A/B" → "/a/b"; "" → "").</summary>
    public static string LowerPath(string displayPath)
    {
        if (displayPath.Length == 0)
        {
            return "";
        }
        var sb = new StringBuilder(displayPath.Length);
        foreach (var seg in displayPath[1..].Split('/'))
        {
            sb.Append('/').Append(LowerName(seg));
        }
        return sb.ToString();
    }

    public static string ParentOf(string path)
    {
        int i = path.LastIndexOf('/');
        return i <= 0 ? "" : path[..i];
    }

    /// <summary>"doc.txt" → "doc (1).txt" for files; "dir" → "dir (1)" for folders.</summary>
    public static string Autorename(string name, int n, bool isFile)
    {
        if (isFile)
        {
            int dot = name.LastIndexOf('.');
            if (dot > 0)
            {
                return $"{name[..dot]} ({n}){name[dot..]}";
            }
        }
        return $"{name} ({n})";
    }
}
