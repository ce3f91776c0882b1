using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Tests.Unit.Transfers.Crypt;

/// <summary>
/// The hand-written XSalsa20 and Poly1305 against published vectors and against BouncyCastle's implementations (the
/// reference they replace) for every length shape: empty, inside the first key-stream block, across block and
/// Poly1305-block edges and SIMD-lane runs, a whole 64 KiB crypt block.
/// </summary>
public sealed class SecretBoxTests
{
    [Fact]
    public void Poly1305_MatchesRfc8439()
    {
        var key = Convert.FromHexString("85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
        var tag = new byte[16];
        Poly1305.Compute(key, "Cryptographic Forum Research Group"u8, tag);
        Assert.Equal("a8061dc1305136c6c22b8baf0c0127a9", Convert.ToHexString(tag).ToLowerInvariant());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(97)]
    [InlineData(1000)]
    [InlineData(32 + 256 - 1)] // around one run of lanes (4, 8 or 16 blocks) after the first block's 32 bytes
    [InlineData(32 + 256)]
    [InlineData(32 + 512 + 1)]
    [InlineData(32 + 1024)]
    [InlineData(32 + 3 * 1024 + 5 * 64 + 3)]
    [InlineData(65536)]
    public void Seal_GivesBouncyCastlesBytes_AndOpenRestoresThePlaintext(int length)
    {
        var random = new Random(length + 1);
        for (var round = 0; round < 20; round++)
        {
            var key = Bytes(random, 32);
            var nonce = Bytes(random, 24);
            var plain = Bytes(random, length);
            var sealedBuffer = new byte[16 + length];
            plain.CopyTo(sealedBuffer, 16);

            SecretBox.Seal(key, nonce, sealedBuffer, 0, length);

            Assert.Equal(Convert.ToHexString(ReferenceSeal(key, nonce, plain)), Convert.ToHexString(sealedBuffer));
            Assert.True(SecretBox.Open(key, nonce, sealedBuffer, 0, length));
            Assert.Equal(plain, sealedBuffer.AsSpan(16).ToArray());
        }
    }

    [Fact]
    public void The_key_stream_runs_in_simd_lanes_on_this_runtime()
    {
        // .NET 10 on x64 or arm64 accelerates at least Vector128: the lanes must be built, not silently scalar.
        Assert.Contains(SalsaLanes.Count, new[] { 4, 8, 16 });
    }

    [Fact]
    public void Poly1305_MatchesBouncyCastle_WhereTheFinalReductionIsTight()
    {
        // All-ones messages and keys push the accumulator to just under and over 2^130 - 5.
        var random = new Random(7);
        foreach (var fill in new byte[] { 0xFF, 0x00, 0xFE })
        {
            for (var length = 0; length <= 80; length++)
            {
                var key = Bytes(random, 32);
                if (fill != 0) Array.Fill(key, fill, 0, 16);
                var message = new byte[length];
                Array.Fill(message, fill);
                var tag = new byte[16];
                Poly1305.Compute(key, message, tag);
                Assert.Equal(Convert.ToHexString(ReferenceMac(key, message)), Convert.ToHexString(tag));
            }
        }
    }

    [Fact]
    public void Open_RefusesAChangedTagOrCiphertext_AndLeavesTheBufferAsItWas()
    {
        var random = new Random(3);
        var key = Bytes(random, 32);
        var nonce = Bytes(random, 24);
        var buffer = new byte[16 + 100];
        random.NextBytes(buffer.AsSpan(16));
        SecretBox.Seal(key, nonce, buffer, 0, 100);
        foreach (var position in new[] { 0, 15, 16, 115 })
        {
            var changed = (byte[])buffer.Clone();
            changed[position] ^= 1;
            var before = (byte[])changed.Clone();
            Assert.False(SecretBox.Open(key, nonce, changed, 0, 100));
            Assert.Equal(before, changed);
        }
    }

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] ReferenceSeal(byte[] key, byte[] nonce, byte[] plain)
    {
        var stream = new XSalsa20Engine();
        stream.Init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        var macKey = new byte[32];
        stream.ProcessBytes(macKey, 0, 32, macKey, 0);
        var cipher = new byte[plain.Length];
        stream.ProcessBytes(plain, 0, plain.Length, cipher, 0);
        return [.. ReferenceMac(macKey, cipher), .. cipher];
    }

    private static byte[] ReferenceMac(byte[] key, byte[] message)
    {
        var mac = new Org.BouncyCastle.Crypto.Macs.Poly1305();
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(message, 0, message.Length);
        var tag = new byte[16];
        mac.DoFinal(tag, 0);
        return tag;
    }
}
