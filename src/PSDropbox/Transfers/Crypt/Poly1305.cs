using System.Buffers.Binary;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// The Poly1305 one-time authenticator (RFC 8439 section 2.5) of one whole message, in 26-bit limbs with 64-bit
/// products (the "donna" layout), written out for the same reason as <see cref="XSalsa20"/>.
/// </summary>
internal static class Poly1305
{
    public const int KeySize = 32;
    public const int TagSize = 16;

    /// <summary>Writes the tag of <paramref name="message"/> under the one-time <paramref name="key"/> to <paramref name="tag"/>.</summary>
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> tag)
    {
        ulong r0 = Read(key, 0) & 0x3ffffff, r1 = (Read(key, 3) >> 2) & 0x3ffff03, r2 = (Read(key, 6) >> 4) & 0x3ffc0ff,
            r3 = (Read(key, 9) >> 6) & 0x3f03fff, r4 = (Read(key, 12) >> 8) & 0x00fffff;
        ulong s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5;
        uint h0 = 0, h1 = 0, h2 = 0, h3 = 0, h4 = 0;

        while (message.Length > 0)
        {
            var block = message;
            uint highBit = 1 << 24;
            if (message.Length < 16)
            {
                var last = new byte[16];
                message.CopyTo(last);
                last[message.Length] = 1;
                block = last;
                highBit = 0;
            }
            h0 += Read(block, 0) & 0x3ffffff;
            h1 += (Read(block, 3) >> 2) & 0x3ffffff;
            h2 += (Read(block, 6) >> 4) & 0x3ffffff;
            h3 += (Read(block, 9) >> 6) & 0x3ffffff;
            h4 += (Read(block, 12) >> 8) | highBit;

            ulong d0 = h0 * r0 + h1 * s4 + h2 * s3 + h3 * s2 + h4 * s1;
            ulong d1 = h0 * r1 + h1 * r0 + h2 * s4 + h3 * s3 + h4 * s2;
            ulong d2 = h0 * r2 + h1 * r1 + h2 * r0 + h3 * s4 + h4 * s3;
            ulong d3 = h0 * r3 + h1 * r2 + h2 * r1 + h3 * r0 + h4 * s4;
            ulong d4 = h0 * r4 + h1 * r3 + h2 * r2 + h3 * r1 + h4 * r0;
            ulong c = d0 >> 26; h0 = (uint)d0 & 0x3ffffff;
            d1 += c; c = d1 >> 26; h1 = (uint)d1 & 0x3ffffff;
            d2 += c; c = d2 >> 26; h2 = (uint)d2 & 0x3ffffff;
            d3 += c; c = d3 >> 26; h3 = (uint)d3 & 0x3ffffff;
            d4 += c; c = d4 >> 26; h4 = (uint)d4 & 0x3ffffff;
            h0 += (uint)c * 5; c = h0 >> 26; h0 &= 0x3ffffff;
            h1 += (uint)c;

            message = message.Length < 16 ? default : message.Slice(16);
        }

        // Carry fully, then take h - p when h >= p (chosen without a branch on the value).
        uint carry = h1 >> 26; h1 &= 0x3ffffff;
        h2 += carry; carry = h2 >> 26; h2 &= 0x3ffffff;
        h3 += carry; carry = h3 >> 26; h3 &= 0x3ffffff;
        h4 += carry; carry = h4 >> 26; h4 &= 0x3ffffff;
        h0 += carry * 5; carry = h0 >> 26; h0 &= 0x3ffffff;
        h1 += carry;

        uint g0 = h0 + 5; carry = g0 >> 26; g0 &= 0x3ffffff;
        uint g1 = h1 + carry; carry = g1 >> 26; g1 &= 0x3ffffff;
        uint g2 = h2 + carry; carry = g2 >> 26; g2 &= 0x3ffffff;
        uint g3 = h3 + carry; carry = g3 >> 26; g3 &= 0x3ffffff;
        uint g4 = h4 + carry - (1u << 26);

        uint useG = (g4 >> 31) - 1; // all ones when g4 did not go negative, i.e. h >= p
        uint useH = ~useG;
        h0 = (h0 & useH) | (g0 & useG);
        h1 = (h1 & useH) | (g1 & useG);
        h2 = (h2 & useH) | (g2 & useG);
        h3 = (h3 & useH) | (g3 & useG);
        h4 = (h4 & useH) | (g4 & useG);

        // h mod 2^128, plus the key's second half.
        ulong f0 = ((h0) | (h1 << 26)) + (ulong)Read(key, 16);
        ulong f1 = ((h1 >> 6) | (h2 << 20)) + (ulong)Read(key, 20) + (f0 >> 32);
        ulong f2 = ((h2 >> 12) | (h3 << 14)) + (ulong)Read(key, 24) + (f1 >> 32);
        ulong f3 = ((h3 >> 18) | (h4 << 8)) + (ulong)Read(key, 28) + (f2 >> 32);
        BinaryPrimitives.WriteUInt32LittleEndian(tag, (uint)f0);
        BinaryPrimitives.WriteUInt32LittleEndian(tag.Slice(4), (uint)f1);
        BinaryPrimitives.WriteUInt32LittleEndian(tag.Slice(8), (uint)f2);
        BinaryPrimitives.WriteUInt32LittleEndian(tag.Slice(12), (uint)f3);
    }

    private static uint Read(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(at));
}
