namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// NaCl's secretbox for one block: XSalsa20 under the data key and the block's nonce; the first 32 bytes of the key
/// stream key Poly1305, the rest encrypts the data; the 16-byte tag goes before the ciphertext. Both directions work
/// in place on a buffer laid out as [tag | data], so a block is never copied. Stateless and thread-safe.
/// </summary>
internal static class SecretBox
{
    /// <summary>Encrypts the <paramref name="count"/> bytes at <paramref name="at"/> + 16 in place and writes their tag at <paramref name="at"/>.</summary>
    public static void Seal(byte[] key, byte[] nonce, byte[] buffer, int at, int count)
    {
        var data = buffer.AsSpan(at + CryptFormat.TagSize, count);
        var cipher = new XSalsa20(key, nonce);
        Span<byte> first = stackalloc byte[XSalsa20.BlockSize];
        cipher.NextBlock(first);
        XorAfterMacKey(cipher, first, data);
        Poly1305.Compute(first.Slice(0, Poly1305.KeySize), data, buffer.AsSpan(at, CryptFormat.TagSize));
    }

    /// <summary>
    /// Checks the tag at <paramref name="at"/> against the <paramref name="count"/> encrypted bytes after it and, when
    /// it matches, decrypts them in place; false (the buffer unchanged) when it does not.
    /// </summary>
    public static bool Open(byte[] key, byte[] nonce, byte[] buffer, int at, int count)
    {
        var data = buffer.AsSpan(at + CryptFormat.TagSize, count);
        var cipher = new XSalsa20(key, nonce);
        Span<byte> first = stackalloc byte[XSalsa20.BlockSize];
        cipher.NextBlock(first);
        Span<byte> tag = stackalloc byte[CryptFormat.TagSize];
        Poly1305.Compute(first.Slice(0, Poly1305.KeySize), data, tag);
        var difference = 0;
        for (var i = 0; i < tag.Length; i++) difference |= tag[i] ^ buffer[at + i];
        if (difference != 0) return false;
        XorAfterMacKey(cipher, first, data);
        return true;
    }

    /// <summary>The data's first 32 bytes take the rest of the first key-stream block; the others, the blocks after it.</summary>
    private static void XorAfterMacKey(XSalsa20 cipher, ReadOnlySpan<byte> first, Span<byte> data)
    {
        var head = Math.Min(data.Length, XSalsa20.BlockSize - Poly1305.KeySize);
        for (var i = 0; i < head; i++) data[i] ^= first[Poly1305.KeySize + i];
        cipher.Xor(data.Slice(head));
    }
}
