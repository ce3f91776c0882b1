using System.Text;

namespace PSDropbox.Content;

/// <summary>The -Encoding names PowerShell 7's content cmdlets take, so Get-/Set-DropboxContent read and write like Get-/Set-Content.</summary>
internal static class TextEncodings
{
    /// <summary>UTF-8 without a byte order mark: what PowerShell 7 writes by default.</summary>
    public static readonly Encoding Default = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private static readonly Dictionary<string, Func<Encoding>> Named = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ascii"] = () => Encoding.ASCII,
        ["bigendianunicode"] = () => new UnicodeEncoding(bigEndian: true, byteOrderMark: true),
        ["bigendianutf32"] = () => new UTF32Encoding(bigEndian: true, byteOrderMark: true),
        ["latin1"] = () => Encoding.GetEncoding(28591),
        ["unicode"] = () => new UnicodeEncoding(bigEndian: false, byteOrderMark: true),
        ["utf32"] = () => new UTF32Encoding(bigEndian: false, byteOrderMark: true),
        ["utf8"] = () => Default,
        ["utf8BOM"] = () => new UTF8Encoding(encoderShouldEmitUTF8Identifier: true),
        ["utf8NoBOM"] = () => Default,
    };

    public static IEnumerable<string> Names => Named.Keys;

    /// <summary>A name above, a code page number, or a name .NET knows (e.g. "windows-1252" where code pages are installed).</summary>
    public static Encoding Parse(string name)
    {
        if (Named.TryGetValue(name, out var make)) return make();
        try
        {
            return int.TryParse(name, out var codePage) ? Encoding.GetEncoding(codePage) : Encoding.GetEncoding(name);
        }
        catch (Exception e) when (e is ArgumentException || e is NotSupportedException)
        {
            throw new ArgumentException($"'{name}' is not an encoding PSDropbox knows. Use one of: {string.Join(", ", Named.Keys)}, or a code page number.", e);
        }
    }
}
