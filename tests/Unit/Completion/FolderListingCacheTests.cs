using PSDropbox.Completion;
using PSDropbox.Tests.Unit.Client;

namespace PSDropbox.Tests.Unit.Completion;

public sealed class FolderListingCacheTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _fixture;

    public FolderListingCacheTests(EmulatorFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task Lists_a_folder_once_while_fresh_and_again_once_stale()
    {
        var client = _fixture.Client;
        await client.Files.CreateFolderAsync("/CacheTest/Sub", autorename: false, CancellationToken.None);
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var cache = new FolderListingCache(TimeSpan.FromSeconds(10), () => now);
        int Lists() => _fixture.Emulator.RequestLog.Snapshot("files/list_folder").Count;
        var before = Lists();

        var first = await cache.ListAsync(client, "/CacheTest", CancellationToken.None);
        now = now.AddSeconds(9);
        var second = await cache.ListAsync(client, "/cachetest", CancellationToken.None);
        Assert.Equal("Sub", Assert.Single(first).Name);
        Assert.Same(first, second);
        Assert.Equal(before + 1, Lists());

        now = now.AddSeconds(2);
        await cache.ListAsync(client, "/CacheTest", CancellationToken.None);
        Assert.Equal(before + 2, Lists());
    }
}
