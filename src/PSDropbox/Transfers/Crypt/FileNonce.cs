namespace PSDropbox.Transfers.Crypt;

/// <summary>The 24-byte nonce of a crypt file; block i is sealed under the header's nonce plus i, little-endian, wrapping.</summary>
internal static class FileNonce
{
    public static byte[] Random()
    {
        var nonce = new byte[CryptFormat.NonceSize];
        using var random = System.Security.Cryptography.RandomNumberGenerator.Create();
        random.GetBytes(nonce);
        return nonce;
    }

    /// <summary>Adds one, in place.</summary>
    public static void Increment(byte[] nonce)
    {
        for (var i = 0; i < nonce.Length; i++)
            if (++nonce[i] != 0) return;
    }

    /// <summary>The nonce for block <paramref name="index"/> of a file whose header holds <paramref name="initial"/>.</summary>
    public static byte[] ForBlock(byte[] initial, long index)
    {
        var nonce = (byte[])initial.Clone();
        var carry = 0;
        var add = (ulong)index;
        for (var i = 0; i < nonce.Length; i++)
        {
            var sum = nonce[i] + (int)(add & 0xFF) + carry;
            nonce[i] = (byte)sum;
            carry = sum >> 8;
            add >>= 8;
            if (add == 0 && carry == 0) break;
        }
        return nonce;
    }
}
