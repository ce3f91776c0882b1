namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// The layout of an rclone crypt file: an 8-byte magic "RCLONE\0\0", a 24-byte nonce, then the plaintext in 64 KiB
/// blocks, each sealed as a NaCl secretbox (a 16-byte Poly1305 tag, then the XSalsa20 ciphertext) under the nonce plus
/// the block's index. Every block but the last is full; an empty file is the header alone.
/// </summary>
internal static class CryptFormat
{
    public static readonly byte[] Magic = "RCLONE\0\0"u8.ToArray();
    public const int NonceSize = 24;
    public const int HeaderSize = 8 + NonceSize;
    public const int TagSize = 16;
    public const int BlockDataSize = 64 * 1024;
    public const int BlockSize = TagSize + BlockDataSize;

    public static long EncryptedSize(long plainSize)
    {
        if (plainSize < 0) throw new ArgumentOutOfRangeException(nameof(plainSize));
        var blocks = plainSize / BlockDataSize;
        var rest = plainSize % BlockDataSize;
        return HeaderSize + blocks * BlockSize + (rest == 0 ? 0 : TagSize + rest);
    }

    /// <summary>The plaintext size of a crypt file of <paramref name="encryptedSize"/> bytes; null when no crypt file has that size.</summary>
    public static long? DecryptedSize(long encryptedSize)
    {
        var body = encryptedSize - HeaderSize;
        if (body < 0) return null;
        var blocks = body / BlockSize;
        var rest = body % BlockSize;
        if (rest != 0 && rest <= TagSize) return null;
        return blocks * BlockDataSize + (rest == 0 ? 0 : rest - TagSize);
    }

    /// <summary>Where block <paramref name="index"/> starts in the encrypted file.</summary>
    public static long BlockOffset(long index) => HeaderSize + index * BlockSize;

    /// <summary>The block that holds encrypted byte <paramref name="encryptedOffset"/> (at or after the header).</summary>
    public static long BlockIndexAt(long encryptedOffset) => Math.Max(0, encryptedOffset - HeaderSize) / BlockSize;
}
