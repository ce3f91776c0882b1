using PSDropbox.Transfers;

namespace PSDropbox.Tests.Unit.Transfers;

/// <summary>The module's streaming content_hash against the §4 vectors, fed in awkward pieces.</summary>
public sealed class ContentHasherTests
{
    private const int MiB = 1024 * 1024;

    [Theory]
    [InlineData(0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(4 * MiB, "c7e946d101855255d919ef0c70718633adf77d3dfb3adeeecf5d0cb4e951be58")]
    [InlineData(4 * MiB + 1, "14a4d47f23a30177885d9820122f17d2d3a55fe63f7f5c27b95f689e0b2accd6")]
    [InlineData(8 * MiB, "03ae066c707c588592d9e27aa2444ca98423e0999024f1ceaa11a153790b37de")]
    public void Zeros_MatchTheVectors_WhateverThePieceSizes(int length, string expected)
    {
        var data = new byte[length];
        Assert.Equal(expected, ContentHasher.Compute(data, 0, data.Length));
        using var hasher = new ContentHasher();
        var offset = 0;
        var piece = 1;
        while (offset < length)
        {
            var n = Math.Min(piece, length - offset);
            hasher.Append(data, offset, n);
            offset += n;
            piece = piece * 7 + 3; // 1, 10, 73, ... crosses block boundaries at odd places
        }
        Assert.Equal(length, hasher.Length);
        Assert.Equal(expected, hasher.Finish());
    }

    [Fact]
    public void Hello_IsSha256OfSha256()
    {
        var hello = "hello"u8.ToArray();
        Assert.Equal("9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50", ContentHasher.Compute(hello, 0, hello.Length));
    }

    [Fact]
    public void Finish_StartsOver()
    {
        using var hasher = new ContentHasher();
        hasher.Append([1, 2, 3], 0, 3);
        hasher.Finish();
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hasher.Finish());
    }

    [Fact]
    public void AppendChunk_GivesEachChunksHashAndTheWholeHash()
    {
        var data = new byte[16 * MiB + 5];
        new Random(3).NextBytes(data);
        using var hasher = new ContentHasher();
        foreach (var (offset, count) in new[] { (0, 8 * MiB), (8 * MiB, 8 * MiB), (16 * MiB, 5) })
            Assert.Equal(ContentHasher.Compute(data, offset, count), hasher.AppendChunk(data, offset, count));
        Assert.Equal(data.Length, hasher.Length);
        Assert.Equal(ContentHasher.Compute(data, 0, data.Length), hasher.Finish());
    }

    [Fact]
    public void AppendChunk_RefusesToStartInsideABlock()
    {
        using var hasher = new ContentHasher();
        hasher.Append([1, 2, 3], 0, 3);
        Assert.Throws<InvalidOperationException>(() => hasher.AppendChunk([4], 0, 1));
    }

    [Theory]
    [InlineData(0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(8 * MiB, "03ae066c707c588592d9e27aa2444ca98423e0999024f1ceaa11a153790b37de")]
    public async Task HashFileAsync_MatchesTheVectors(int length, string expected)
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, new byte[length]);
            Assert.Equal(expected, await ContentHasher.HashFileAsync(path, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
