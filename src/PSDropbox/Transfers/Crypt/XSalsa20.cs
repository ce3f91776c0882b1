using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// The XSalsa20 key stream (Bernstein, "Extending the Salsa20 nonce"): HSalsa20 of the 32-byte key and the nonce's
/// first 16 bytes gives a subkey, under which Salsa20/20 runs with the nonce's last 8 bytes and a block counter from 0.
/// Written out with the state in locals because BouncyCastle's engine, on netstandard2.0, runs at a fifth of this
/// speed, and the cipher is most of an encrypted transfer's cost. Where the runtime has SIMD vectors, runs of whole
/// blocks go through <see cref="SalsaLanes"/> (several blocks at once): the key stream comes about 4x as fast. Checked
/// against BouncyCastle in the unit tests.
/// </summary>
internal sealed class XSalsa20
{
    private const uint Sigma0 = 0x61707865, Sigma1 = 0x3320646e, Sigma2 = 0x79622d32, Sigma3 = 0x6b206574;
    public const int BlockSize = 64;

    private readonly uint[] _state = new uint[16];

    public XSalsa20(byte[] key, byte[] nonce)
    {
        if (key.Length != 32) throw new ArgumentException("An XSalsa20 key is 32 bytes.", nameof(key));
        if (nonce.Length != 24) throw new ArgumentException("An XSalsa20 nonce is 24 bytes.", nameof(nonce));
        var s = _state;
        s[0] = Sigma0; s[5] = Sigma1; s[10] = Sigma2; s[15] = Sigma3;
        for (var i = 0; i < 4; i++)
        {
            s[1 + i] = Word(key, 4 * i);
            s[11 + i] = Word(key, 16 + 4 * i);
            s[6 + i] = Word(nonce, 4 * i);
        }
        // HSalsa20: the rounds without the final addition; words 0, 5, 10, 15, 6, 7, 8, 9 are the subkey.
        var h = new uint[16];
        Rounds(s, h);
        s[1] = h[0]; s[2] = h[5]; s[3] = h[10]; s[4] = h[15];
        s[11] = h[6]; s[12] = h[7]; s[13] = h[8]; s[14] = h[9];
        s[6] = Word(nonce, 16);
        s[7] = Word(nonce, 20);
        s[8] = 0;
        s[9] = 0;
    }

    /// <summary>Writes the next 64 bytes of key stream to <paramref name="output"/>.</summary>
    public void NextBlock(Span<byte> output)
    {
        var words = new uint[16];
        Rounds(_state, words);
        for (var i = 0; i < 16; i++) BinaryPrimitives.WriteUInt32LittleEndian(output.Slice(4 * i), words[i] + _state[i]);
        Advance();
    }

    /// <summary>XORs <paramref name="data"/> with the key stream from the next block on; a partial last block ends the stream's use.</summary>
    public void Xor(Span<byte> data)
    {
        data = XorLanes(data);
        var words = new uint[16];
        while (data.Length >= BlockSize)
        {
            Rounds(_state, words);
            for (var i = 0; i < 8; i++)
            {
                var at = data.Slice(8 * i);
                var stream = (words[2 * i] + _state[2 * i]) | (ulong)(words[2 * i + 1] + _state[2 * i + 1]) << 32;
                BinaryPrimitives.WriteUInt64LittleEndian(at, BinaryPrimitives.ReadUInt64LittleEndian(at) ^ stream);
            }
            Advance();
            data = data.Slice(BlockSize);
        }
        if (data.Length == 0) return;
        Span<byte> last = stackalloc byte[BlockSize];
        NextBlock(last);
        for (var i = 0; i < data.Length; i++) data[i] ^= last[i];
    }

    /// <summary>XORs as many whole <see cref="SalsaLanes.Count"/>-block runs as <paramref name="data"/> holds; returns the rest.</summary>
    private Span<byte> XorLanes(Span<byte> data)
    {
        var lanes = SalsaLanes.Count;
        var run = lanes * BlockSize;
        if (lanes == 0 || data.Length < run) return data;
        var input = new uint[16 * lanes];
        var output = new uint[16 * lanes];
        for (var i = 0; i < 16; i++)
        {
            for (var lane = 0; lane < lanes; lane++) input[i * lanes + lane] = _state[i];
        }
        var counter = _state[8] | (ulong)_state[9] << 32;
        while (data.Length >= run)
        {
            for (var lane = 0; lane < lanes; lane++)
            {
                input[8 * lanes + lane] = (uint)(counter + (ulong)lane);
                input[9 * lanes + lane] = (uint)((counter + (ulong)lane) >> 32);
            }
            SalsaLanes.Run(input, output);
            // Word i of lane l's block is output[i * lanes + l]; the data is read as little-endian words (SalsaLanes
            // runs only on little-endian machines).
            var words = MemoryMarshal.Cast<byte, uint>(data.Slice(0, run));
            for (var lane = 0; lane < lanes; lane++)
            {
                var block = words.Slice(lane * 16, 16);
                for (var i = 0; i < block.Length; i++) block[i] ^= output[i * lanes + lane];
            }
            counter += (ulong)lanes;
            data = data.Slice(run);
        }
        _state[8] = (uint)counter;
        _state[9] = (uint)(counter >> 32);
        return data;
    }

    private void Advance()
    {
        if (++_state[8] == 0) _state[9]++;
    }

    private static uint Word(byte[] bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Rotate(uint value, int count) => (value << count) | (value >> (32 - count));

    /// <summary>Salsa20's 20 rounds of <paramref name="input"/> into <paramref name="output"/>, without adding the input back.</summary>
    private static void Rounds(uint[] input, uint[] output)
    {
        uint x0 = input[0], x1 = input[1], x2 = input[2], x3 = input[3], x4 = input[4], x5 = input[5], x6 = input[6], x7 = input[7],
            x8 = input[8], x9 = input[9], x10 = input[10], x11 = input[11], x12 = input[12], x13 = input[13], x14 = input[14], x15 = input[15];
        for (var i = 0; i < 10; i++)
        {
            x4 ^= Rotate(x0 + x12, 7); x8 ^= Rotate(x4 + x0, 9); x12 ^= Rotate(x8 + x4, 13); x0 ^= Rotate(x12 + x8, 18);
            x9 ^= Rotate(x5 + x1, 7); x13 ^= Rotate(x9 + x5, 9); x1 ^= Rotate(x13 + x9, 13); x5 ^= Rotate(x1 + x13, 18);
            x14 ^= Rotate(x10 + x6, 7); x2 ^= Rotate(x14 + x10, 9); x6 ^= Rotate(x2 + x14, 13); x10 ^= Rotate(x6 + x2, 18);
            x3 ^= Rotate(x15 + x11, 7); x7 ^= Rotate(x3 + x15, 9); x11 ^= Rotate(x7 + x3, 13); x15 ^= Rotate(x11 + x7, 18);
            x1 ^= Rotate(x0 + x3, 7); x2 ^= Rotate(x1 + x0, 9); x3 ^= Rotate(x2 + x1, 13); x0 ^= Rotate(x3 + x2, 18);
            x6 ^= Rotate(x5 + x4, 7); x7 ^= Rotate(x6 + x5, 9); x4 ^= Rotate(x7 + x6, 13); x5 ^= Rotate(x4 + x7, 18);
            x11 ^= Rotate(x10 + x9, 7); x8 ^= Rotate(x11 + x10, 9); x9 ^= Rotate(x8 + x11, 13); x10 ^= Rotate(x9 + x8, 18);
            x12 ^= Rotate(x15 + x14, 7); x13 ^= Rotate(x12 + x15, 9); x14 ^= Rotate(x13 + x12, 13); x15 ^= Rotate(x14 + x13, 18);
        }
        output[0] = x0; output[1] = x1; output[2] = x2; output[3] = x3; output[4] = x4; output[5] = x5; output[6] = x6; output[7] = x7;
        output[8] = x8; output[9] = x9; output[10] = x10; output[11] = x11; output[12] = x12; output[13] = x13; output[14] = x14; output[15] = x15;
    }
}
