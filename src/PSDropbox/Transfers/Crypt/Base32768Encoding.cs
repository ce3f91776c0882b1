namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// Base32768 (qntm's encoding, as rclone's base32768 names use it): the bits of the input, most significant first,
/// 15 to a character from 1024 blocks of 32 "safe" BMP code points. A tail of 1 to 7 bits, padded with 1s to 7, takes
/// a character from a second repertoire of 4 blocks; a tail of 8 to 14 bits is padded with 1s to 15.
/// </summary>
internal sealed class Base32768Encoding : NameEncoding
{
    private const int BlockBits = 5;

    /// <summary>The 15-bit repertoire as inclusive code point ranges, each a run of 32-character blocks, in value order.</summary>
    private static readonly (char First, char Last)[] Repertoire15 =
    [
        ('\u04A0', '\u04BF'), ('\u0500', '\u051F'), ('\u0680', '\u06BF'), ('\u0760', '\u079F'), ('\u07C0', '\u07DF'),
        ('\u1000', '\u101F'), ('\u10A0', '\u10BF'), ('\u1100', '\u115F'), ('\u1180', '\u119F'), ('\u11E0', '\u123F'),
        ('\u1260', '\u127F'), ('\u12E0', '\u12FF'), ('\u1320', '\u133F'), ('\u13A0', '\u13DF'), ('\u1420', '\u165F'),
        ('\u16A0', '\u16DF'), ('\u1780', '\u179F'), ('\u1820', '\u185F'), ('\u18C0', '\u18DF'), ('\u1980', '\u199F'),
        ('\u19E0', '\u19FF'), ('\u1A20', '\u1A3F'), ('\u1BC0', '\u1BDF'), ('\u1C00', '\u1C1F'), ('\u1D00', '\u1D1F'),
        ('\u21E0', '\u21FF'), ('\u22C0', '\u22DF'), ('\u2340', '\u23DF'), ('\u2400', '\u241F'), ('\u2500', '\u275F'),
        ('\u2780', '\u27BF'), ('\u2800', '\u297F'), ('\u29A0', '\u29BF'), ('\u2A20', '\u2A5F'), ('\u2A80', '\u2ABF'),
        ('\u2AE0', '\u2B5F'), ('\u2C00', '\u2C1F'), ('\u2C80', '\u2CDF'), ('\u2D00', '\u2D1F'), ('\u2D40', '\u2D5F'),
        ('\u2EA0', '\u2EDF'), ('\u31C0', '\u31DF'), ('\u3400', '\u4D9F'), ('\u4DC0', '\u9FBF'), ('\uA000', '\uA47F'),
        ('\uA4A0', '\uA4BF'), ('\uA500', '\uA5FF'), ('\uA640', '\uA65F'), ('\uA6A0', '\uA6DF'), ('\uA700', '\uA75F'),
        ('\uA780', '\uA79F'), ('\uA840', '\uA85F'),
    ];

    /// <summary>The 7-bit repertoire for the last character.</summary>
    private static readonly (char First, char Last)[] Repertoire7 = [('\u0180', '\u019F'), ('\u0240', '\u029F')];

    private static readonly char[] Blocks15 = BlockStarts(Repertoire15, 1024);
    private static readonly char[] Blocks7 = BlockStarts(Repertoire7, 4);

    /// <summary>Per BMP block (code point >> 5): its value << 5 plus 1, negated for the 7-bit repertoire; 0 for none.</summary>
    private static readonly int[] Lookup = BuildLookup();

    public override string Encode(byte[] bytes)
    {
        var text = new char[(bytes.Length * 8 + 14) / 15];
        int bits = 0, value = 0, at = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
            bits += 8;
            if (bits >= 15)
            {
                bits -= 15;
                text[at++] = Character(Blocks15, (value >> bits) & 0x7FFF);
            }
        }
        if (bits is > 0 and <= 7)
        {
            var tail = 7 - bits;
            text[at] = Character(Blocks7, ((value << tail) | ((1 << tail) - 1)) & 0x7F);
        }
        else if (bits > 7)
        {
            var tail = 15 - bits;
            text[at] = Character(Blocks15, ((value << tail) | ((1 << tail) - 1)) & 0x7FFF);
        }
        return new string(text);
    }

    public override byte[] Decode(string text)
    {
        var bytes = new List<byte>(text.Length * 15 / 8);
        int bits = 0, value = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var entry = Lookup[text[i] >> BlockBits];
            if (entry == 0) throw new FormatException($"Not base32768: character {i + 1} is outside its repertoire.");
            var isTail = entry < 0;
            if (isTail && i != text.Length - 1) throw new FormatException($"Not base32768: character {i + 1} may only end the text.");
            var width = isTail ? 7 : 15;
            value = ((value << width) | ((Math.Abs(entry) - 1) | (text[i] & 31))) & 0x3FFFFF;
            bits += width;
            while (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(value >> bits));
            }
        }
        return bytes.ToArray();
    }

    private static char Character(char[] blocks, int value) => (char)(blocks[value >> BlockBits] | (value & 31));

    private static char[] BlockStarts((char First, char Last)[] ranges, int count)
    {
        var starts = new List<char>(count);
        foreach (var (first, last) in ranges)
            for (var c = (int)first; c < last; c += 1 << BlockBits) starts.Add((char)c);
        if (starts.Count != count) throw new InvalidOperationException("The base32768 repertoire is incomplete.");
        return starts.ToArray();
    }

    private static int[] BuildLookup()
    {
        var lookup = new int[65536 >> BlockBits];
        for (var i = 0; i < Blocks15.Length; i++) lookup[Blocks15[i] >> BlockBits] = (i << BlockBits) + 1;
        for (var i = 0; i < Blocks7.Length; i++) lookup[Blocks7[i] >> BlockBits] = -((i << BlockBits) + 1);
        return lookup;
    }
}
