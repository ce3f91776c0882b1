using System.Text;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Tests.Unit.Transfers.Crypt;

/// <summary>
/// The file format against rclone: the sizes, nonce arithmetic and sealed files of cipher_test.go (all-zero key, nonce
/// 1..24), a file rclone 1.60 encrypted with the password "potato", and round trips through the streams at awkward
/// sizes, read sizes and positions; changed bytes and the wrong key must fail before any of their bytes come out.
/// </summary>
public sealed class FileCipherTests
{
    private const int Block = CryptFormat.BlockDataSize;
    private static readonly byte[] ZeroKey = new byte[32];
    private static readonly byte[] CountingNonce = Enumerable.Range(1, 24).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData(0L, 32L)]
    [InlineData(1L, 32L + 16 + 1)]
    [InlineData(65536L, 32L + 16 + 65536)]
    [InlineData(65537L, 32L + 16 + 65536 + 16 + 1)]
    [InlineData(1L << 20, 32L + 16 * (16 + 65536))]
    [InlineData((1L << 20) + 65535, 32L + 16 * (16 + 65536) + 16 + 65535)]
    [InlineData(1L << 30, 32L + 16384 * (16 + 65536))]
    [InlineData((1L << 40) + 1, 32L + 16777216L * (16 + 65536) + 16 + 1)]
    public void Sizes_MatchRclone_BothWays(long plain, long encrypted)
    {
        Assert.Equal(encrypted, CryptFormat.EncryptedSize(plain));
        Assert.Equal(plain, CryptFormat.DecryptedSize(encrypted));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(32L + 1)]
    [InlineData(32L + 16)]
    [InlineData(32L + 16 + 65536 + 1)]
    [InlineData(32L + 16 + 65536 + 16)]
    public void SizesNoCryptFileHas_HaveNoPlaintextSize(long encrypted) => Assert.Null(CryptFormat.DecryptedSize(encrypted));

    [Fact]
    public void Nonce_IncrementsLittleEndian_WithCarry_AndWraps()
    {
        var nonce = new byte[24];
        nonce[0] = 0xFF;
        nonce[1] = 0xFF;
        FileNonce.Increment(nonce);
        Assert.Equal(new byte[] { 0, 0, 1 }, nonce.Take(3));
        var full = Enumerable.Repeat((byte)0xFF, 24).ToArray();
        FileNonce.Increment(full);
        Assert.All(full, b => Assert.Equal(0, b));
    }

    [Fact]
    public void NonceForBlock_AddsTheIndex_LikeIncrementingThatManyTimes()
    {
        // rclone's TestNonceAdd: 0xFF.. + 0xFFFFFFFFFFFFFFFF carries into the ninth byte.
        var nine = Enumerable.Repeat((byte)0xFF, 9).Concat(new byte[15]).ToArray();
        var added = FileNonce.ForBlock(nine, unchecked((long)0xFFFFFFFFFFFFFFFF));
        Assert.Equal(new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x01 }, added.Take(10));

        var random = new Random(19);
        var start = new byte[24];
        random.NextBytes(start);
        start[0] = 0xF0;
        var stepped = (byte[])start.Clone();
        for (var i = 1; i <= 300; i++)
        {
            FileNonce.Increment(stepped);
            Assert.Equal(stepped, FileNonce.ForBlock(start, i));
        }
    }

    public static TheoryData<byte[], string> RcloneFiles => new()
    {
        { [], "52434c4f4e450000" + "0102030405060708090a0b0c0d0e0f101112131415161718" },
        { [1], "52434c4f4e450000" + "0102030405060708090a0b0c0d0e0f101112131415161718" + "095b446cd6237bbcb08d09fb524ce565aa" },
        {
            Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(),
            "52434c4f4e450000" + "0102030405060708090a0b0c0d0e0f101112131415161718" +
            "b9c4552a27100629189 60a3e608c29b9aa8a5e1e165b6d075de4e9bb367fd6d4".Replace(" ", "")
        },
    };

    [Theory]
    [MemberData(nameof(RcloneFiles))]
    public void SealedFiles_MatchRclonesVectors(byte[] plain, string encryptedHex)
    {
        var expected = Convert.FromHexString(encryptedHex);
        using var encrypting = new EncryptingStream(new MemoryStream(plain), ZeroKey, CountingNonce);
        Assert.Equal(expected.Length, encrypting.Length);
        Assert.Equal(expected, ReadAll(encrypting, 7));
        Assert.Equal(plain, Decrypt(expected, ZeroKey));
    }

    [Fact]
    public void AFileRcloneEncrypted_WithAPassword_Decrypts()
    {
        // `rclone copy fox.txt V:` with V a crypt remote over a local folder, password "potato".
        var encrypted = Convert.FromHexString(
            "52434c4f4e450000d640ad4269e94d235f55e0a619cd0dee0d218bc2a529ca0bf4b6084ed434a9087ef3620d1029ca94d4ca80b9e710875f" +
            "a866337458d5f123e01e30ca1c8f063b53e8d5b73c3410b8a95c76e08db29c14ca4513eea5");
        var keys = CryptKeys.Derive(Encoding.UTF8.GetBytes("potato"), null);
        Assert.Equal("The quick brown fox jumps over the lazy dog.\n", Encoding.UTF8.GetString(Decrypt(encrypted, keys.DataKey)));
        var nonce = DecryptingStream.ReadHeader(encrypted, encrypted.Length);
        Assert.Equal(encrypted, ReadAll(new EncryptingStream(new MemoryStream(Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog.\n")),
            keys.DataKey, nonce), 4096));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Block - 1)]
    [InlineData(Block)]
    [InlineData(Block + 1)]
    [InlineData(5 * Block + 12345)]
    [InlineData(40 * Block)]
    public void RoundTrip_WhateverTheReadSizes_SeekableOrForwardOnly(int length)
    {
        var plain = RandomBytes(length, length);
        var key = RandomBytes(32, 1);
        var nonce = RandomBytes(24, 2);
        byte[]? reference = null;
        foreach (var readSize in new[] { 1 << 20, 1, 4096, Block, CryptFormat.BlockSize, CryptFormat.BlockSize * 3 + 5 })
        {
            if (readSize == 1 && length > 2 * Block) continue; // byte-at-a-time is covered by the small sizes
            foreach (var forwardOnly in new[] { false, true })
            {
                using var encrypting = new EncryptingStream(forwardOnly ? new ForwardOnlyStream(plain) : new MemoryStream(plain), key, nonce);
                var encrypted = ReadAll(encrypting, readSize);
                Assert.Equal(CryptFormat.EncryptedSize(length), encrypted.Length);
                reference ??= encrypted;
                Assert.Equal(reference, encrypted);
            }
        }
        foreach (var readSize in new[] { 1 << 20, 7, Block, CryptFormat.BlockSize })
            Assert.Equal(plain, Decrypt(reference!, key, readSize));
    }

    [Fact]
    public void SeekingTheEncryptingStream_GivesTheSameBytes_AsReadingItThrough()
    {
        var random = new Random(19);
        var plain = RandomBytes(7 * Block + 999, 3);
        var key = RandomBytes(32, 4);
        var nonce = RandomBytes(24, 5);
        var whole = ReadAll(new EncryptingStream(new MemoryStream(plain), key, nonce), 1 << 20);
        using var encrypting = new EncryptingStream(new MemoryStream(plain), key, nonce);
        for (var i = 0; i < 200; i++)
        {
            var position = i % 4 == 0 ? CryptFormat.BlockOffset(random.Next(9)) : random.Next(whole.Length + 10);
            var count = random.Next(1, 3 * CryptFormat.BlockSize);
            encrypting.Position = position;
            var buffer = new byte[count];
            var n = Fill(encrypting, buffer);
            var expected = whole.Skip((int)Math.Min(position, whole.Length)).Take(count).ToArray();
            Assert.Equal(expected.Length, n);
            Assert.Equal(expected, buffer.Take(n));
        }
    }

    [Fact]
    public void Decryption_CanStartAtAnyBlock_AndInsideIt()
    {
        var plain = RandomBytes(6 * Block + 77, 6);
        var key = RandomBytes(32, 7);
        var encrypted = ReadAll(new EncryptingStream(new MemoryStream(plain), key, CountingNonce), 1 << 20);
        foreach (var (block, skip) in new[] { (0, 0), (1, 0), (3, 5), (5, Block - 1), (6, 0), (6, 76) })
        {
            var from = (int)CryptFormat.BlockOffset(block);
            using var decrypting = new DecryptingStream(new MemoryStream(encrypted, from, encrypted.Length - from), key, CountingNonce, block, skip);
            Assert.Equal(plain.Skip(block * Block + skip).ToArray(), ReadAll(decrypting, 1000));
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(3, false)]
    [InlineData(17, false)]
    [InlineData(20, false)]
    [InlineData(0, true)]
    [InlineData(17, true)]
    [InlineData(35, true)]
    public async Task AChangedByte_FailsItsBlock_BeforeAnyOfItsBytesComeOut(int tamperedBlock, bool copyAsync)
    {
        var plain = RandomBytes(40 * Block + 100, 8);
        var key = RandomBytes(32, 9);
        var encrypted = ReadAll(new EncryptingStream(new MemoryStream(plain), key, CountingNonce), 1 << 20);
        encrypted[CryptFormat.BlockOffset(tamperedBlock) + CryptFormat.TagSize + 42] ^= 0x01;
        using var decrypting = new DecryptingStream(new MemoryStream(encrypted, CryptFormat.HeaderSize, encrypted.Length - CryptFormat.HeaderSize),
            key, CountingNonce);
        var received = new MemoryStream();
        var buffer = new byte[4096];
        var error = await Assert.ThrowsAsync<DecryptionFailedException>(async () =>
        {
            if (copyAsync)
            {
                await decrypting.CopyToAsync(received);
                return;
            }
            int n;
            while ((n = decrypting.Read(buffer, 0, buffer.Length)) > 0) received.Write(buffer, 0, n);
        });
        Assert.Contains($"Block {tamperedBlock} ", error.Message);
        Assert.True(received.Length <= tamperedBlock * (long)Block, "bytes of the changed block (or after it) came out");
        Assert.Equal(plain.Take((int)received.Length).ToArray(), received.ToArray());
    }

    [Fact]
    public void TheWrongKey_FailsTheFirstBlock_SayingThePasswordMayBeWrong()
    {
        var encrypted = ReadAll(new EncryptingStream(new MemoryStream(RandomBytes(100, 10)), RandomBytes(32, 11), CountingNonce), 4096);
        var error = Assert.Throws<DecryptionFailedException>(() => Decrypt(encrypted, RandomBytes(32, 12)));
        Assert.Contains("password", error.Message);
    }

    [Fact]
    public void SwappedBlocks_Fail()
    {
        var key = RandomBytes(32, 13);
        var encrypted = ReadAll(new EncryptingStream(new MemoryStream(RandomBytes(3 * Block, 14)), key, CountingNonce), 1 << 20);
        var first = encrypted.Skip((int)CryptFormat.BlockOffset(0)).Take(CryptFormat.BlockSize).ToArray();
        Buffer.BlockCopy(encrypted, (int)CryptFormat.BlockOffset(1), encrypted, (int)CryptFormat.BlockOffset(0), CryptFormat.BlockSize);
        Buffer.BlockCopy(first, 0, encrypted, (int)CryptFormat.BlockOffset(1), CryptFormat.BlockSize);
        Assert.Throws<DecryptionFailedException>(() => Decrypt(encrypted, key));
    }

    [Theory]
    [InlineData("", "too short")]
    [InlineData("RCLONE\0\0short", "too short")]
    [InlineData("NOTCRYPT0123456789012345678901234567890", "not an encrypted file")]
    public void HeadersThatAreNotCryptHeaders_AreRefused(string content, string reason)
    {
        var error = Assert.Throws<DecryptionFailedException>(() => Decrypt(Encoding.ASCII.GetBytes(content), ZeroKey));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void ABlockCutInsideItsTag_IsRefused()
    {
        var encrypted = ReadAll(new EncryptingStream(new MemoryStream(RandomBytes(Block + 10, 15)), ZeroKey, CountingNonce), 1 << 20);
        var cut = encrypted.Take((int)CryptFormat.BlockOffset(1) + 10).ToArray();
        var error = Assert.Throws<DecryptionFailedException>(() => Decrypt(cut, ZeroKey));
        Assert.Contains("cut short", error.Message);
    }

    private static byte[] Decrypt(byte[] encrypted, byte[] key, int readSize = 65536)
    {
        using var decrypting = DecryptingStream.OpenAsync(new MemoryStream(encrypted), key, CancellationToken.None).GetAwaiter().GetResult();
        return ReadAll(decrypting, readSize);
    }

    private static byte[] ReadAll(Stream stream, int readSize)
    {
        var output = new MemoryStream();
        var buffer = new byte[readSize];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0) output.Write(buffer, 0, n);
        return output.ToArray();
    }

    private static int Fill(Stream stream, byte[] buffer)
    {
        var filled = 0;
        int n;
        while (filled < buffer.Length && (n = stream.Read(buffer, filled, buffer.Length - filled)) > 0) filled += n;
        return filled;
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A plaintext that can only be read forward and hands out short reads, like a pipe.</summary>
    private sealed class ForwardOnlyStream(byte[] content) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 1000), content.Length - _position);
            Buffer.BlockCopy(content, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
