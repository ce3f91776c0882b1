using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// NaCl's secretbox for one block: XSalsa20 under the data key and the block's nonce; the first 32 bytes of the key
/// stream key Poly1305, the rest encrypts the data; the 16-byte tag goes before the ciphertext. Both directions work
/// in place on a buffer laid out as [tag | data], so a block is never copied. Stateless and thread-safe.
/// </summary>
internal static class SecretBox
{
    private const int MacKeySize = 32;

    /// <summary>Encrypts the <paramref name="count"/> bytes at <paramref name="at"/> + 16 in place and writes their tag at <paramref name="at"/>.</summary>
    public static void Seal(byte[] key, byte[] nonce, byte[] buffer, int at, int count)
    {
        var stream = Start(key, nonce, out var mac);
        stream.ProcessBytes(buffer, at + CryptFormat.TagSize, count, buffer, at + CryptFormat.TagSize);
        mac.BlockUpdate(buffer, at + CryptFormat.TagSize, count);
        mac.DoFinal(buffer, at);
    }

    /// <summary>
    /// Checks the tag at <paramref name="at"/> against the <paramref name="count"/> encrypted bytes after it and, when
    /// it matches, decrypts them in place; false (the buffer unchanged) when it does not.
    /// </summary>
    public static bool Open(byte[] key, byte[] nonce, byte[] buffer, int at, int count)
    {
        var stream = Start(key, nonce, out var mac);
        mac.BlockUpdate(buffer, at + CryptFormat.TagSize, count);
        var tag = new byte[CryptFormat.TagSize];
        mac.DoFinal(tag, 0);
        var difference = 0;
        for (var i = 0; i < tag.Length; i++) difference |= tag[i] ^ buffer[at + i];
        if (difference != 0) return false;
        stream.ProcessBytes(buffer, at + CryptFormat.TagSize, count, buffer, at + CryptFormat.TagSize);
        return true;
    }

    private static XSalsa20Engine Start(byte[] key, byte[] nonce, out Poly1305 mac)
    {
        var stream = new XSalsa20Engine();
        stream.Init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        var macKey = new byte[MacKeySize];
        stream.ProcessBytes(macKey, 0, MacKeySize, macKey, 0);
        mac = new Poly1305();
        mac.Init(new KeyParameter(macKey));
        return stream;
    }
}
