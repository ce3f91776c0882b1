using System.Security.Cryptography;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// EME, the ECB-Mix-ECB wide-block mode of Halevi and Rogaway ("A Parallelizable Enciphering Mode", 2003), over AES
/// with a 16-byte tweak: a deterministic, length-preserving encryption of 1 to 128 blocks in which every output bit
/// depends on every input bit, so names that share a prefix share nothing once encrypted. Multiplication by 2 is in
/// GF(2^128) with the first byte least significant (reduction 0x87), as rclone's names use it.
/// Thread-safe: calls on one instance are serialised.
/// </summary>
internal sealed class Eme : IDisposable
{
    public const int BlockSize = 16;
    public const int MaxBlocks = 128;

    private readonly Aes _aes;
    private readonly ICryptoTransform _encrypt;
    private readonly ICryptoTransform _decrypt;
    private readonly byte[] _tweak;
    private readonly byte[] _l = new byte[BlockSize];
    private readonly object _gate = new();

    public Eme(byte[] key, byte[] tweak)
    {
        if (tweak.Length != BlockSize) throw new ArgumentException("The EME tweak is 16 bytes.", nameof(tweak));
        _aes = Aes.Create();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _aes.Key = key;
        _encrypt = _aes.CreateEncryptor();
        _decrypt = _aes.CreateDecryptor();
        _tweak = (byte[])tweak.Clone();
        _encrypt.TransformBlock(new byte[BlockSize], 0, BlockSize, _l, 0);
        MultiplyByTwo(_l);
    }

    public byte[] Encrypt(byte[] plaintext) => Transform(plaintext, _encrypt);

    public byte[] Decrypt(byte[] ciphertext) => Transform(ciphertext, _decrypt);

    private byte[] Transform(byte[] input, ICryptoTransform cipher)
    {
        var m = input.Length / BlockSize;
        if (input.Length % BlockSize != 0 || m == 0 || m > MaxBlocks)
            throw new ArgumentException($"EME takes 1 to {MaxBlocks} whole blocks of {BlockSize} bytes.", nameof(input));
        var output = new byte[input.Length];
        var mp = new byte[BlockSize];
        var mc = new byte[BlockSize];
        var block = new byte[BlockSize];
        lock (_gate)
        {
            // First ECB pass: PPP_j = E(P_j xor 2^j L); MP = T xor the sum of all PPP_j.
            var mask = (byte[])_l.Clone();
            Buffer.BlockCopy(_tweak, 0, mp, 0, BlockSize);
            for (var j = 0; j < m; j++)
            {
                var at = j * BlockSize;
                Xor(input, at, mask, 0, block, 0);
                cipher.TransformBlock(block, 0, BlockSize, output, at);
                Xor(mp, 0, output, at, mp, 0);
                MultiplyByTwo(mask);
            }

            // Mix: MC = E(MP), M = MP xor MC; CCC_j = PPP_j xor 2^j M for j >= 1; CCC_0 = MC xor T xor the other CCC_j.
            cipher.TransformBlock(mp, 0, BlockSize, mc, 0);
            var mix = new byte[BlockSize];
            Xor(mp, 0, mc, 0, mix, 0);
            var first = new byte[BlockSize];
            Xor(mc, 0, _tweak, 0, first, 0);
            for (var j = 1; j < m; j++)
            {
                var at = j * BlockSize;
                MultiplyByTwo(mix);
                Xor(output, at, mix, 0, output, at);
                Xor(first, 0, output, at, first, 0);
            }
            Buffer.BlockCopy(first, 0, output, 0, BlockSize);

            // Second ECB pass: C_j = E(CCC_j) xor 2^j L.
            Buffer.BlockCopy(_l, 0, mask, 0, BlockSize);
            for (var j = 0; j < m; j++)
            {
                var at = j * BlockSize;
                cipher.TransformBlock(output, at, BlockSize, block, 0);
                Xor(block, 0, mask, 0, output, at);
                MultiplyByTwo(mask);
            }
        }
        return output;
    }

    private static void Xor(byte[] a, int aAt, byte[] b, int bAt, byte[] result, int resultAt)
    {
        for (var i = 0; i < BlockSize; i++) result[resultAt + i] = (byte)(a[aAt + i] ^ b[bAt + i]);
    }

    /// <summary>Doubling in GF(2^128), byte 0 least significant.</summary>
    internal static void MultiplyByTwo(byte[] block)
    {
        var carry = block[BlockSize - 1] >> 7;
        for (var i = BlockSize - 1; i > 0; i--) block[i] = (byte)((block[i] << 1) | (block[i - 1] >> 7));
        block[0] = (byte)((block[0] << 1) ^ (carry * 0x87));
    }

    public void Dispose()
    {
        _encrypt.Dispose();
        _decrypt.Dispose();
        _aes.Dispose();
    }
}
