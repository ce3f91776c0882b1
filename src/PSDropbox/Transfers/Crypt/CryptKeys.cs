using Org.BouncyCastle.Crypto.Generators;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// The key material of an rclone crypt remote: scrypt(password, salt, N=16384, r=8, p=1) gives 80 bytes, split into the
/// data key (XSalsa20-Poly1305, file contents), the name key (AES-256 under EME, file names) and the name tweak.
/// The salt is the second password when there is one, else rclone's fixed default.
/// </summary>
internal sealed class CryptKeys
{
    public const int MaterialLength = 80;

    private static readonly byte[] DefaultSalt =
        [0xA8, 0x0D, 0xF4, 0x3A, 0x8F, 0xBD, 0x03, 0x08, 0xA7, 0xCA, 0xB8, 0x3E, 0x58, 0x1F, 0x86, 0xB1];

    private CryptKeys(byte[] material)
    {
        DataKey = Slice(material, 0, 32);
        NameKey = Slice(material, 32, 32);
        NameTweak = Slice(material, 64, 16);
    }

    public byte[] DataKey { get; }
    public byte[] NameKey { get; }
    public byte[] NameTweak { get; }

    /// <param name="password">The password's UTF-8 bytes, as rclone uses them.</param>
    /// <param name="salt">The second password's UTF-8 bytes; null or empty for rclone's default salt.</param>
    public static CryptKeys Derive(byte[] password, byte[]? salt)
    {
        var material = SCrypt.Generate(password, salt is { Length: > 0 } ? salt : DefaultSalt, 16384, 8, 1, MaterialLength);
        try { return new CryptKeys(material); }
        finally { Array.Clear(material, 0, material.Length); }
    }

    /// <summary>Keys from stored (or test) material: 80 bytes in the order scrypt produces them.</summary>
    public static CryptKeys FromMaterial(byte[] material)
    {
        if (material.Length != MaterialLength) throw new ArgumentException($"Crypt key material is {MaterialLength} bytes.", nameof(material));
        return new CryptKeys(material);
    }

    /// <summary>The 80 bytes again, for an owner-only store.</summary>
    public byte[] ToMaterial() => [.. DataKey, .. NameKey, .. NameTweak];

    private static byte[] Slice(byte[] source, int offset, int count)
    {
        var slice = new byte[count];
        Buffer.BlockCopy(source, offset, slice, 0, count);
        return slice;
    }
}
