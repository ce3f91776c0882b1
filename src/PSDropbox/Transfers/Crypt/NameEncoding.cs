namespace PSDropbox.Transfers.Crypt;

/// <summary>How encrypted name bytes become characters. Decode throws <see cref="FormatException"/> on text it cannot have made.</summary>
internal abstract class NameEncoding
{
    public static readonly NameEncoding Base32 = new Base32HexEncoding();
    public static readonly NameEncoding Base64 = new Base64UrlEncoding();
    public static readonly NameEncoding Base32768 = new Base32768Encoding();

    public static NameEncoding For(CryptFilenameEncoding encoding) => encoding switch
    {
        CryptFilenameEncoding.Base32 => Base32,
        CryptFilenameEncoding.Base64 => Base64,
        CryptFilenameEncoding.Base32768 => Base32768,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    public abstract string Encode(byte[] bytes);

    public abstract byte[] Decode(string text);

    /// <summary>RFC 4648 base32 with the extended-hex alphabet, lower case, padding stripped; decoding ignores case.</summary>
    private sealed class Base32HexEncoding : NameEncoding
    {
        private const string Alphabet = "0123456789abcdefghijklmnopqrstuv";

        public override string Encode(byte[] bytes)
        {
            var text = new char[(bytes.Length * 8 + 4) / 5];
            int bits = 0, value = 0, at = 0;
            foreach (var b in bytes)
            {
                value = (value << 8) | b;
                bits += 8;
                while (bits >= 5)
                {
                    bits -= 5;
                    text[at++] = Alphabet[(value >> bits) & 31];
                }
            }
            if (bits > 0) text[at] = Alphabet[(value << (5 - bits)) & 31];
            return new string(text);
        }

        public override byte[] Decode(string text)
        {
            // Whole bytes only: 2, 4, 5 or 7 characters in a last group of 8 (1, 3 and 6 cannot occur).
            var rest = text.Length % 8;
            if (rest is 1 or 3 or 6) throw new FormatException("Not base32: the length cannot be a whole number of bytes.");
            var bytes = new byte[text.Length * 5 / 8];
            int bits = 0, value = 0, at = 0;
            foreach (var c in text)
            {
                var digit = c switch
                {
                    >= '0' and <= '9' => c - '0',
                    >= 'a' and <= 'v' => c - 'a' + 10,
                    >= 'A' and <= 'V' => c - 'A' + 10,
                    _ => throw new FormatException($"Not base32: '{c}'."),
                };
                value = ((value << 5) | digit) & 0xFFFF;
                bits += 5;
                if (bits >= 8)
                {
                    bits -= 8;
                    bytes[at++] = (byte)(value >> bits);
                }
            }
            return bytes;
        }
    }

    /// <summary>RFC 4648 base64 with the URL and file name safe alphabet, padding stripped.</summary>
    private sealed class Base64UrlEncoding : NameEncoding
    {
        public override string Encode(byte[] bytes) =>
            Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public override byte[] Decode(string text)
        {
            if (text.Length % 4 == 1) throw new FormatException("Not base64: the length cannot be a whole number of bytes.");
            var standard = new char[(text.Length + 3) / 4 * 4];
            for (var i = 0; i < standard.Length; i++)
            {
                if (i >= text.Length)
                {
                    standard[i] = '=';
                    continue;
                }
                var c = text[i];
                standard[i] = c switch
                {
                    (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') => c,
                    '-' => '+',
                    '_' => '/',
                    _ => throw new FormatException($"Not base64: '{c}'."),
                };
            }
            return Convert.FromBase64CharArray(standard, 0, standard.Length);
        }
    }
}
