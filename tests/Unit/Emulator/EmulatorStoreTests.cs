using System.Diagnostics;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>Store-level behaviour that later routes (longpoll, get_latest_cursor) build on.</summary>
public sealed class EmulatorStoreTests
{
    [Fact]
    public async Task JournalWait_WakesOnlyForChangesInScope()
    {
        string dir = EmulatorHarness.NewTempDir();
        using var cleanup = new DirCleanup(dir);
        using var stores = EmulatorStores.Open(dir);
        var a = stores.Accounts.EnsureDefault();
        await stores.Tree.CreateFolderAsync(a, PathRules.ParseValue("/Watched", forWrite: true), autorename: false);
        var cursor = stores.Changes.ListFolder(a, PathRules.ParseValue("/watched", forWrite: false), recursive: false, includeDeleted: false, limit: 2000).Cursor;

        Assert.False(await stores.Changes.WaitForChangesAsync(cursor, TimeSpan.FromMilliseconds(150), CancellationToken.None));

        var sw = Stopwatch.StartNew();
        var wait = stores.Changes.WaitForChangesAsync(cursor, TimeSpan.FromSeconds(10), CancellationToken.None);
        await stores.Tree.CreateFolderAsync(a, PathRules.ParseValue("/Other", forWrite: true), autorename: false);
        await Task.Delay(200);
        Assert.False(wait.IsCompleted);
        await stores.Tree.CreateFolderAsync(a, PathRules.ParseValue("/Watched/New", forWrite: true), autorename: false);
        Assert.True(await wait);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), sw.Elapsed.ToString());
        Assert.True(stores.Changes.HasChanges(cursor));
    }

    [Fact]
    public async Task JournalSequence_IsMonotonic_OneRowPerChangedPath()
    {
        string dir = EmulatorHarness.NewTempDir();
        using var cleanup = new DirCleanup(dir);
        using var stores = EmulatorStores.Open(dir);
        var a = stores.Accounts.EnsureDefault();
        long s0 = stores.Changes.LatestSeq();
        await stores.Tree.CreateFolderAsync(a, PathRules.ParseValue("/a/b/c", forWrite: true), autorename: false);
        long s1 = stores.Changes.LatestSeq();
        Assert.Equal(s0 + 3, s1); // a, a/b, a/b/c
        await stores.Tree.DeleteAsync(a, PathRules.ParseValue("/a", forWrite: false), parentRev: null);
        Assert.Equal(s1 + 3, stores.Changes.LatestSeq()); // deleted a, a/b, a/b/c
    }

    [Fact]
    public void Cursor_RoundTrips_AndRejectsTampering()
    {
        var c = new FolderCursor("dbid:x", 42, "/a", true, false, CursorMode.Changes, 7, 0, "", 100);
        string text = c.Encode();
        Assert.Equal(c, FolderCursor.TryDecode(text));
        Assert.Null(FolderCursor.TryDecode(text[..^4]));
        Assert.Null(FolderCursor.TryDecode(text + "AAAA"));
        Assert.Null(FolderCursor.TryDecode("!!!"));
    }

    private sealed class DirCleanup(string dir) : IDisposable
    {
        public void Dispose() => EmulatorHarness.DeleteDir(dir);
    }
}
