using System.Globalization;
using System.Text;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// rclone crypt's "obfuscate" names: "&lt;n&gt;.&lt;rotated&gt;", where n is the sum of the name's code points mod 256 and each
/// digit, ASCII letter, Latin-1 letter and other BMP character is rotated within its range by an amount from n and the
/// name key. '!' quotes itself and characters whose rotation would not be a character.
/// </summary>
internal static class NameObfuscation
{
    private const char Quote = '!';

    public static string Obfuscate(string name, byte[] nameKey)
    {
        if (name.Length == 0) return "";
        if (!IsValidUtf16(name)) return "!." + name;
        var codePoints = CodePoints(name);
        var sum = 0;
        foreach (var c in codePoints) sum += c;
        sum %= 256;
        var result = new StringBuilder(sum.ToString(CultureInfo.InvariantCulture)).Append('.');
        var dir = sum + KeySum(nameKey);
        foreach (var c in codePoints)
        {
            if (c == Quote) result.Append(Quote).Append(Quote);
            else if (c is >= '0' and <= '9') result.Append((char)('0' + (c - '0' + dir % 9 + 1) % 10));
            else if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z')) result.Append(FromLetterIndex((LetterIndex(c) + dir % 25 + 1) % 52));
            else if (c is >= 0xA0 and <= 0xFF) result.Append((char)(0xA0 + (c - 0xA0 + dir % 95 + 1) % 96));
            else if (c >= 0x100)
            {
                var block = c - c % 256;
                var rotated = block + (c - block + dir % 127 + 1) % 256;
                if (IsScalar(rotated)) AppendCodePoint(result, rotated);
                else AppendCodePoint(result.Append(Quote), c);
            }
            else AppendCodePoint(result, c);
        }
        return result.ToString();
    }

    /// <exception cref="FormatException">The name is not of the form "&lt;n&gt;.&lt;rotated&gt;".</exception>
    public static string Deobfuscate(string name, byte[] nameKey)
    {
        if (name.Length == 0) return "";
        var dot = name.IndexOf('.');
        if (dot < 0) throw new FormatException("Not an obfuscated name: no '.'.");
        var prefix = name.Substring(0, dot);
        var rest = name.Substring(dot + 1);
        if (prefix == "!") return rest;
        if (!int.TryParse(prefix, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var dir))
            throw new FormatException("Not an obfuscated name: no number before the '.'.");
        dir += KeySum(nameKey);
        var result = new StringBuilder(rest.Length);
        var quoted = false;
        foreach (var c in CodePoints(rest))
        {
            if (quoted)
            {
                AppendCodePoint(result, c);
                quoted = false;
            }
            else if (c == Quote) quoted = true;
            else if (c is >= '0' and <= '9') result.Append((char)('0' + Modulo(c - '0' - (dir % 9 + 1), 10)));
            else if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z')) result.Append(FromLetterIndex(Modulo(LetterIndex(c) - (dir % 25 + 1), 52)));
            else if (c is >= 0xA0 and <= 0xFF) result.Append((char)(0xA0 + Modulo(c - 0xA0 - (dir % 95 + 1), 96)));
            else if (c >= 0x100)
            {
                var block = c - c % 256;
                AppendCodePoint(result, block + Modulo(c - block - (dir % 127 + 1), 256));
            }
            else AppendCodePoint(result, c);
        }
        return result.ToString();
    }

    private static int KeySum(byte[] nameKey)
    {
        var sum = 0;
        foreach (var b in nameKey) sum += b;
        return sum;
    }

    private static int Modulo(int value, int modulus) => ((value % modulus) + modulus) % modulus;

    /// <summary>A-Z are 0-25, a-z 26-51.</summary>
    private static int LetterIndex(int c) => c >= 'a' ? c - 'a' + 26 : c - 'A';

    private static char FromLetterIndex(int index) => (char)(index >= 26 ? 'a' + index - 26 : 'A' + index);

    private static bool IsScalar(int codePoint) => codePoint is >= 0 and <= 0x10FFFF and not (>= 0xD800 and <= 0xDFFF);

    private static void AppendCodePoint(StringBuilder builder, int codePoint)
    {
        if (codePoint <= 0xFFFF) builder.Append((char)codePoint);
        else builder.Append(char.ConvertFromUtf32(codePoint));
    }

    private static List<int> CodePoints(string text)
    {
        var codePoints = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                codePoints.Add(char.ConvertToUtf32(text[i], text[i + 1]));
                i++;
            }
            else codePoints.Add(text[i]);
        }
        return codePoints;
    }

    private static bool IsValidUtf16(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(text[i])) return false;
        }
        return true;
    }
}
