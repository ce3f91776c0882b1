using PSDropbox.Transfers.Sync;

namespace PSDropbox.Tests.Unit.Transfers.Sync;

public sealed class SyncKeyTests
{
    [Fact]
    public void NamesFoldCaseAndUnicodeForm()
    {
        Assert.Equal(SyncKey.Fold("Caf\u00e9.TXT"), SyncKey.Fold("cafe\u0301.txt"));
        Assert.NotEqual(SyncKey.Fold("a.txt"), SyncKey.Fold("a.txt "));
    }

    [Fact]
    public void AFoldersContentsSortRightAfterIt()
    {
        string[] keys = ["a.b", "a/z", "a", "a-b", "a/b/c", "b"];
        Assert.Equal(["a", "a/b/c", "a/z", "a-b", "a.b", "b"], keys.OrderBy(k => k, SyncKey.Order));
    }

    [Theory]
    [InlineData("a/b", "a", true)]
    [InlineData("a/b/c", "a", true)]
    [InlineData("ab", "a", false)]
    [InlineData("a", "a", false)]
    [InlineData("a", "", true)]
    public void IsInside(string key, string folder, bool inside) => Assert.Equal(inside, SyncKey.IsInside(key, folder));
}

public sealed class ExternalSorterTests
{
    [Fact]
    public void SortsAcrossRunsOnDisk_Stably()
    {
        var random = new Random(7);
        var items = Enumerable.Range(0, 1000).Select(i => (Key: random.Next(50), Order: i)).ToList();
        using var sorter = new ExternalSorter<(int Key, int Order)>(Comparer<(int Key, int Order)>.Create((a, b) => a.Key.CompareTo(b.Key)),
            (w, x) => { w.Write(x.Key); w.Write(x.Order); }, r => (r.ReadInt32(), r.ReadInt32()), runSize: 64);
        foreach (var item in items) sorter.Add(item);
        Assert.Equal(15, sorter.SpilledRuns);
        Assert.Equal(items.OrderBy(x => x.Key).ToList(), sorter.Sorted().ToList()); // OrderBy is stable
    }

    [Fact]
    public void DisposeDeletesTheRuns()
    {
        var before = Directory.GetFiles(Path.GetTempPath(), "psdropbox-sort-*").Length;
        var sorter = new ExternalSorter<int>(Comparer<int>.Default, (w, x) => w.Write(x), r => r.ReadInt32(), runSize: 2);
        for (var i = 5; i > 0; i--) sorter.Add(i);
        Assert.Equal([1, 2, 3], sorter.Sorted().Take(3).ToList());
        sorter.Dispose();
        Assert.Equal(before, Directory.GetFiles(Path.GetTempPath(), "psdropbox-sort-*").Length);
    }
}

public sealed class LocalWalkerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("psdt-walk-").FullName;

    [Fact]
    public void WalksInKeyOrder_FoldersBeforeTheirContents()
    {
        Write("b.txt", "Sub/z.txt", "sub2/y.txt", "a.b", "Sub/deep/x.txt");
        Directory.CreateDirectory(Path.Combine(_root, "empty"));
        var entries = Walk();
        Assert.Equal(["a.b", "b.txt", "empty", "Sub", "Sub/deep", "Sub/deep/x.txt", "Sub/z.txt", "sub2", "sub2/y.txt"], entries.Select(e => e.RelativePath));
        Assert.Equal(entries.Select(e => e.Key).OrderBy(k => k, SyncKey.Order), entries.Select(e => e.Key));
        Assert.Equal(SyncEntryKind.File, entries[0].Kind);
        Assert.Equal(3, entries[0].Size);
    }

    [Fact]
    public void CollidingFolders_AreReportedButNotEntered()
    {
        Write("Docs/a.txt", "docs/b.txt");
        var entries = Walk();
        Assert.Equal(["Docs", "docs"], entries.Select(e => e.RelativePath));
    }

    [Fact]
    public void ExcludedFolders_AreReportedButNotEntered()
    {
        Write("node_modules/x/y.js", "src/a.js");
        var filter = new SyncFilter([], [new SyncPattern("node_modules", n => n == "node_modules")]);
        Assert.Equal(["node_modules", "src", "src/a.js"], new LocalWalker(_root, filter, default).Walk().Select(e => e.RelativePath));
    }

    [Fact]
    public void SymbolicLinks_AreReportedAndNotFollowed()
    {
        Write("real/a.txt");
        Directory.CreateSymbolicLink(Path.Combine(_root, "loop"), _root);
        File.CreateSymbolicLink(Path.Combine(_root, "alias.txt"), Path.Combine(_root, "real", "a.txt"));
        var entries = Walk();
        Assert.Equal(["alias.txt", "loop", "real", "real/a.txt"], entries.Select(e => e.RelativePath));
        Assert.Equal([SyncEntryKind.Link, SyncEntryKind.Link], entries.Take(2).Select(e => e.Kind));
    }

    [Fact]
    public void AMissingRoot_WalksEmpty() => Assert.Empty(new LocalWalker(Path.Combine(_root, "none"), SyncFilter.None, default).Walk());

    private List<SyncEntry> Walk() => new LocalWalker(_root, SyncFilter.None, default).Walk().ToList();

    private void Write(params string[] relativePaths)
    {
        foreach (var relative in relativePaths)
        {
            var path = Path.Combine(_root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "abc");
        }
    }

    public void Dispose() => Directory.Delete(_root, true);
}

public sealed class HashCacheTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("psdt-hc-root-").FullName;
    private readonly string _cache = Directory.CreateTempSubdirectory("psdt-hc-").FullName;
    private static readonly DateTime LongAgo = new(2020, 5, 6, 7, 8, 9, 123, DateTimeKind.Utc);

    [Fact]
    public void ASecondRunOverUnchangedFiles_ReadsNone()
    {
        var a = Write("a.txt", "alpha");
        var b = Write("b/c.txt", "");
        using (var first = HashCache.Open(_root, _cache, default))
        {
            Assert.Null(first.Cached(a));
            Assert.Equal(ContentHashOf("alpha"), first.Compute(a));
            Assert.Null(first.Cached(b));
            first.Compute(b);
            Assert.Equal((2, 5L), (first.FilesHashed, first.BytesHashed));
            first.Save();
        }
        using var second = HashCache.Open(_root, _cache, default);
        Assert.Equal(ContentHashOf("alpha"), second.Cached(a));
        Assert.Equal(ContentHashOf(""), second.Cached(b));
        Assert.Equal(0, second.FilesHashed);
    }

    [Fact]
    public void AChangedSizeOrTime_IsNotTrusted()
    {
        var a = Write("a.txt", "alpha");
        var b = Write("b.txt", "beta");
        using (var first = HashCache.Open(_root, _cache, default))
        {
            first.Compute(a);
            first.Compute(b);
            first.Save();
        }
        File.SetLastWriteTimeUtc(Path.Combine(_root, "a.txt"), LongAgo.AddTicks(1));
        using var second = HashCache.Open(_root, _cache, default);
        Assert.Null(second.Cached(Entry("a.txt", 5, LongAgo.AddTicks(1))));
        Assert.Null(second.Cached(Entry("b.txt", 5, LongAgo)));
    }

    [Fact]
    public void RecordsNotAskedForAgain_AreDropped_AndRecordedHashesAreKept()
    {
        var a = Write("a.txt", "alpha");
        var b = Write("b.txt", "beta");
        using (var first = HashCache.Open(_root, _cache, default))
        {
            first.Compute(a);
            first.Compute(b);
            first.Save();
        }
        using (var second = HashCache.Open(_root, _cache, default))
        {
            Assert.NotNull(second.Cached(b)); // a.txt is not asked for: gone from the tree
            second.Record("c.txt", 3, LongAgo, "uploaded-hash");
            second.Save();
        }
        using var third = HashCache.Open(_root, _cache, default);
        Assert.Null(third.Cached(a));
        Assert.NotNull(third.Cached(b));
        Assert.Equal("uploaded-hash", third.Cached(Entry("c.txt", 3, LongAgo)));
    }

    [Fact]
    public void ARecentWholeSecondTime_IsNotRecorded()
    {
        var now = DateTime.UtcNow;
        var recent = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        using (var first = HashCache.Open(_root, _cache, default))
        {
            first.Record("racy.txt", 1, recent, "h");
            first.Record("old.txt", 1, LongAgo.AddTicks(-LongAgo.Ticks % TimeSpan.TicksPerSecond), "h");
            first.Save();
        }
        using var second = HashCache.Open(_root, _cache, default);
        Assert.Equal("h", second.Cached(Entry("old.txt", 1, LongAgo.AddTicks(-LongAgo.Ticks % TimeSpan.TicksPerSecond))));
        Assert.Null(second.Cached(Entry("racy.txt", 1, recent)));
    }

    [Fact]
    public void ASecondRunOnTheSameFolder_RunsWithoutTheCache()
    {
        var a = Write("a.txt", "alpha");
        using var first = HashCache.Open(_root, _cache, default);
        using var second = HashCache.Open(_root, _cache, default);
        Assert.False(first.Busy);
        Assert.True(second.Busy);
        second.Compute(a);
        second.Save(); // writes nothing
        first.Save();
        Assert.Single(Directory.GetFiles(_cache, "*.hashes"));
    }

    [Fact]
    public void ADamagedCache_IsOnlyASlowerRun()
    {
        var a = Write("a.txt", "alpha");
        using (var first = HashCache.Open(_root, _cache, default))
        {
            first.Compute(a);
            first.Save();
        }
        var file = Directory.GetFiles(_cache, "*.hashes").Single();
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..^10]);
        using var second = HashCache.Open(_root, _cache, default);
        Assert.Null(second.Cached(a));
    }

    [Fact]
    public void AFileChangedWhileBeingRead_IsAnError()
    {
        var a = Write("a.txt", "alpha");
        using var cache = HashCache.Open(_root, _cache, default);
        var stale = Entry("a.txt", 5, LongAgo.AddSeconds(-1));
        Assert.Throws<IOException>(() => cache.Compute(stale));
    }

    private SyncEntry Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, LongAgo);
        return Entry(relative, content.Length, LongAgo);
    }

    private static SyncEntry Entry(string relative, long size, DateTime lastWrite) =>
        new(relative.Split('/').Aggregate("", SyncKey.Child), relative, SyncEntryKind.File) { Size = size, LastWriteUtc = lastWrite };

    private static string ContentHashOf(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        return PSDropbox.Transfers.ContentHasher.Compute(bytes, 0, bytes.Length);
    }

    public void Dispose()
    {
        Directory.Delete(_root, true);
        Directory.Delete(_cache, true);
    }
}

public sealed class SyncItemExceptionTests
{
    [Theory]
    [InlineData("cannot be read: Access to the path '/x/a.txt' is denied.", "'a.txt' was not synced: cannot be read: Access to the path '/x/a.txt' is denied.")]
    [InlineData("a symbolic link; links are not followed", "'a.txt' was not synced: a symbolic link; links are not followed.")]
    public void TheMessageEndsWithOneFullStop(string reason, string expected)
    {
        var item = new DropboxSyncItem("a.txt", SyncItemType.File, SyncDirection.Upload, "/x/a.txt", "/X/a.txt") { Reason = reason };
        Assert.Equal(expected, new SyncItemException(item).Message);
    }
}
