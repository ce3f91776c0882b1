using System.Globalization;

namespace PSDropbox.Emulator.Edge;

/// <summary>A single HTTP byte range (RFC 9110 §14.1.2) resolved against a length: first..last inclusive.</summary>
internal readonly record struct ByteRange(long First, long Last)
{
    public long Length => Last - First + 1;

    /// <summary>
    /// Parses "bytes=a-b", "bytes=a-" or "bytes=-n". Returns null when there is no usable single range (the whole body is
    /// sent); sets <paramref name="unsatisfiable"/> when the range starts at or beyond the end.
    /// </summary>
    public static ByteRange? Parse(string? header, long length, out bool unsatisfiable)
    {
        unsatisfiable = false;
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        string spec = header[6..].Trim();
        int dash = spec.IndexOf('-');
        if (dash < 0 || spec.Contains(','))
        {
            return null;
        }
        string a = spec[..dash].Trim(), b = spec[(dash + 1)..].Trim();
        const NumberStyles digits = NumberStyles.None;
        if (a.Length == 0)
        {
            if (!long.TryParse(b, digits, CultureInfo.InvariantCulture, out long suffix))
            {
                return null;
            }
            if (suffix == 0 || length == 0)
            {
                unsatisfiable = true;
                return null;
            }
            return new ByteRange(Math.Max(0, length - suffix), length - 1);
        }
        if (!long.TryParse(a, digits, CultureInfo.InvariantCulture, out long first))
        {
            return null;
        }
        long last = length - 1;
        if (b.Length > 0 && (!long.TryParse(b, digits, CultureInfo.InvariantCulture, out last) || last < first))
        {
            return null;
        }
        if (first >= length)
        {
            unsatisfiable = true;
            return null;
        }
        return new ByteRange(first, Math.Min(last, length - 1));
    }
}
