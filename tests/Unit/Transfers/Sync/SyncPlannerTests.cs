using PSDropbox.Transfers.Sync;

namespace PSDropbox.Tests.Unit.Transfers.Sync;

public sealed class SyncPlannerTests
{
    private const string LocalRoot = "/data";
    private static readonly DateTime Noon = new(2026, 1, 2, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void EmptySides_PlanNothing() => Assert.Empty(Plan(Upload(), [], []));

    [Fact]
    public void SourceOnlyItems_AreCopied_InKeyOrder()
    {
        var items = Plan(Upload(), [File("b.txt", 3), Folder("a"), File("a/x.txt", 1), File("a.b", 2)], []);
        Assert.Equal(["a", "a/x.txt", "a.b", "b.txt"], items.Select(i => i.RelativePath)); // "/" sorts first: a folder's contents follow it
        Assert.All(items, i => Assert.Equal((SyncStatus.SourceOnly, SyncAction.Upload), (i.Status, i.Action)));
        Assert.Equal(SyncItemType.Folder, items[0].ItemType);
        Assert.Equal("/Backup/a/x.txt", items[1].RemotePath);
        Assert.Equal(Path.Combine(LocalRoot, "a", "x.txt"), items[1].LocalPath);
        Assert.Equal("<=", items[1].SideIndicator);
    }

    [Fact]
    public void DestinationOnlyItems_AreKept_UnlessDeleteIsGiven()
    {
        var kept = Plan(Upload(), [], [Folder("old"), Remote("old/x.txt", 4, "h")]);
        Assert.All(kept, i => Assert.Equal((SyncStatus.DestinationOnly, SyncAction.None), (i.Status, i.Action)));
        Assert.Contains("-Delete", kept[1].Reason);
        Assert.Equal("=>", kept[1].SideIndicator);

        var planner = Planner(Upload(delete: true));
        var deleted = planner.Plan([], [Folder("old"), Remote("old/x.txt", 4, "h")]).ToList();
        Assert.All(deleted, i => Assert.Equal(SyncAction.Delete, i.Action));
        Assert.Empty(planner.PartlyDeletedFolders);
        Assert.Equal(1, planner.DestinationFiles);
        Assert.Equal(4, deleted[1].Size);
    }

    [Fact]
    public void FilesOfDifferentSizes_DifferWithoutReadingEither()
    {
        var hashes = new FakeHashes();
        var item = Assert.Single(Planner(Upload(), hashes).Plan([File("a.txt", 3)], [Remote("a.txt", 4, "remote")]).ToList());
        Assert.Equal((SyncStatus.Different, SyncAction.Upload), (item.Status, item.Action));
        Assert.Contains("sizes differ", item.Reason);
        Assert.Equal(0, hashes.Computed);
    }

    [Fact]
    public void FilesOfOneSize_AreComparedByContentHash()
    {
        var hashes = new FakeHashes { Content = { ["same.txt"] = "h1", ["changed.txt"] = "h2" } };
        var items = Planner(Upload(), hashes).Plan([File("changed.txt", 3), File("same.txt", 3)], [Remote("changed.txt", 3, "other"), Remote("same.txt", 3, "h1")]).ToList();
        Assert.Equal((SyncStatus.Different, SyncAction.Upload), (items[0].Status, items[0].Action));
        Assert.Equal("same size, different content hash", items[0].Reason);
        Assert.Equal((SyncStatus.Same, SyncAction.None), (items[1].Status, items[1].Action));
        Assert.Equal(("h1", "h1"), (items[1].LocalContentHash, items[1].RemoteContentHash));
        Assert.Equal("==", items[1].SideIndicator);
        Assert.Equal(2, hashes.Computed);
    }

    [Fact]
    public void ACachedHash_IsUsedWithoutReadingTheFile()
    {
        var hashes = new FakeHashes { Cache = { ["same.txt"] = "h1" } };
        var item = Assert.Single(Planner(Upload(), hashes).Plan([File("same.txt", 3)], [Remote("same.txt", 3, "h1")]).ToList());
        Assert.Equal(SyncStatus.Same, item.Status);
        Assert.Equal(0, hashes.Computed);
        Assert.Equal(["same.txt"], hashes.Asked);
    }

    [Fact]
    public void TheCacheIsAskedForEveryLocalFile_InKeyOrder()
    {
        var hashes = new FakeHashes();
        Planner(Download(delete: false), hashes).Plan(
            [Remote("b.txt", 1, "h"), Remote("c.txt", 1, "h")],
            [File("a.txt", 1), File("b.txt", 2), File("d.txt", 1)]).ToList();
        Assert.Equal(["a.txt", "b.txt", "d.txt"], hashes.Asked);
    }

    [Fact]
    public void AnUnreadableFile_IsAnError_AndNothingHappensToIt()
    {
        var hashes = new FakeHashes { Unreadable = { "locked.txt" } };
        var item = Assert.Single(Planner(Upload(delete: true), hashes).Plan([File("locked.txt", 3)], [Remote("locked.txt", 3, "h")]).ToList());
        Assert.Equal((SyncStatus.Error, SyncAction.None), (item.Status, item.Action));
        Assert.Contains("cannot be read", item.Reason);
    }

    [Theory]
    [InlineData("a.txt", "A.txt")]
    [InlineData("caf\u00e9.txt", "cafe\u0301.txt")] // NFC and NFD spellings of one name
    public void LocalNamesThatAreOneNameInDropbox_AreConflicts_AndTheRemoteFileIsLeftAlone(string first, string second)
    {
        var entries = new[] { File(first, 1), File(second, 2) }.OrderBy(e => e.RelativePath, StringComparer.Ordinal).ToList();
        var items = Plan(Upload(delete: true), entries, [Remote(first, 5, "h")]);
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal((SyncStatus.Conflict, SyncAction.None, "!!"), (i.Status, i.Action, i.SideIndicator)));
        Assert.Equal(entries.Select(e => e.RelativePath), items.Select(i => i.RelativePath));
        Assert.Contains("one name in Dropbox", items[0].Reason);
    }

    [Fact]
    public void FoldersThatCollide_LeaveEverythingInsideAlone()
    {
        var planner = Planner(Upload(delete: true));
        var items = planner.Plan([Folder("Docs"), Folder("docs"), File("z.txt", 1)],
            [Folder("docs"), Remote("docs/old.txt", 1, "h"), Remote("docs/sub/x.txt", 1, "h")]).ToList();
        Assert.Equal(["Docs", "docs", "z.txt"], items.Select(i => i.RelativePath));
        Assert.Equal(SyncStatus.Conflict, items[0].Status);
        Assert.DoesNotContain(items, i => i.Action == SyncAction.Delete);
    }

    [Fact]
    public void AFileFacingAFolder_IsAConflict_AndTheFolderIsLeftAlone()
    {
        var items = Plan(Upload(delete: true), [File("report", 1)], [Folder("report"), Remote("report/a.txt", 1, "h")]);
        var item = Assert.Single(items);
        Assert.Equal(SyncStatus.Conflict, item.Status);
        Assert.Equal("a file locally and a folder in Dropbox; left alone", item.Reason);
    }

    [Fact]
    public void SymbolicLinks_AreSkipped_AndWhatTheyFaceIsLeftAlone()
    {
        var items = Plan(Upload(delete: true), [new SyncEntry("link", "link", SyncEntryKind.Link)], [Folder("link"), Remote("link/a.txt", 1, "h")]);
        var item = Assert.Single(items);
        Assert.Equal((SyncStatus.Skipped, SyncAction.None, SyncItemType.SymbolicLink), (item.Status, item.Action, item.ItemType));
    }

    [Fact]
    public void AnUnreadableFolder_IsAnError_AndWhatItFacesIsLeftAlone()
    {
        var unreadable = new SyncEntry("secret", "secret", SyncEntryKind.Unreadable) { Problem = "Access denied." };
        var items = Plan(Upload(delete: true), [unreadable], [Folder("secret"), Remote("secret/a.txt", 1, "h")]);
        var item = Assert.Single(items);
        Assert.Equal(SyncStatus.Error, item.Status);
        Assert.Equal("cannot be read: Access denied.", item.Reason);
    }

    [Fact]
    public void ExcludedItems_AreNeitherCopiedNorDeleted_AndKeepTheirFolder()
    {
        var options = Upload(delete: true, exclude: ["*.log", "cache"]);
        var planner = Planner(options);
        var items = planner.Plan(
            [File("a.log", 1), Folder("cache"), File("keep.txt", 1)],
            [Folder("cache"), Remote("cache/x", 1, "h"), Folder("old"), Remote("old/debug.log", 1, "h"), Remote("old/x.txt", 1, "h")]).ToList();
        Assert.Equal(["keep.txt", "old", "old/x.txt"], items.Select(i => i.RelativePath));
        Assert.Equal([SyncAction.Upload, SyncAction.Delete, SyncAction.Delete], items.Select(i => i.Action));
        Assert.Equal(["old"], planner.PartlyDeletedFolders);
        Assert.Equal(1, planner.DestinationFiles);
    }

    [Fact]
    public void PatternsWithASlash_MatchTheRelativePath()
    {
        var items = Plan(Upload(exclude: ["build/*"]), [Folder("build"), File("build/out.bin", 1), Folder("src"), File("src/build", 1)], []);
        Assert.Equal(["build", "src", "src/build"], items.Select(i => i.RelativePath));
    }

    [Fact]
    public void NamesNeverSynced_AreLeftOutOnBothSides()
    {
        var items = Plan(Upload(delete: true),
            [File("desktop.ini", 1), File("~$report.docx", 1), File("~tmp1.tmp", 1), File(".~lock.x#", 1), File("x.psdropbox-partial", 1), File(".hidden", 1)],
            [Remote("Thumbs.db", 1, "h")]);
        Assert.Equal([".hidden"], items.Select(i => i.RelativePath));
    }

    [Fact]
    public void WithInclude_OnlyMatchingFilesAreSynced_AndFoldersAreNotSyncedForThemselves()
    {
        var items = Plan(Upload(delete: true, include: ["*.txt"]), [Folder("a"), File("a/x.txt", 1), File("a/y.bin", 1)], [Folder("gone"), Remote("gone/z.txt", 1, "h")]);
        Assert.Equal(["a", "a/x.txt", "gone", "gone/z.txt"], items.Select(i => i.RelativePath));
        Assert.Equal([SyncAction.None, SyncAction.Upload, SyncAction.None, SyncAction.Delete], items.Select(i => i.Action));
    }

    [Fact]
    public void NamesDropboxRefuses_AreErrors_BeforeAnyRequest()
    {
        var item = Assert.Single(Plan(Upload(), [File("trailing ", 1)], []));
        Assert.Equal(SyncStatus.Error, item.Status);
        Assert.Contains("ends with a space", item.Reason);
    }

    [Fact]
    public void Download_NewFilesJoinTheLocalFolderAsItIsSpelled()
    {
        var items = Plan(Download(delete: false), [Folder("docs"), Remote("docs/new.txt", 1, "h"), Remote("docs/a:b.txt", 1, "h", localNames: true)], [Folder("Docs")]);
        Assert.Equal(Path.Combine(LocalRoot, "Docs", "new.txt"), items.Single(i => i.RelativePath == "docs/new.txt").LocalPath);
        Assert.Equal(Path.Combine(LocalRoot, "Docs", "a_b.txt"), items.Single(i => i.RelativePath == "docs/a:b.txt").LocalPath);
        Assert.Equal("/Backup/docs/new.txt", items.Single(i => i.RelativePath == "docs/new.txt").RemotePath);
        Assert.All(items.Skip(1), i => Assert.Equal((SyncAction.Download, "=>"), (i.Action, i.SideIndicator)));
    }

    [Fact]
    public void Download_ADropboxFileThatCannotBeDownloaded_IsAnError()
    {
        var paper = new SyncEntry("doc.paper", "doc.paper", SyncEntryKind.File) { Size = 0, ContentHash = "h", IsDownloadable = false };
        var item = Assert.Single(Plan(Download(delete: false), [paper], []));
        Assert.Equal((SyncStatus.Error, SyncAction.None), (item.Status, item.Action));
    }

    [Fact]
    public void EntriesOutOfOrder_AreRefused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => Planner(Upload()).Plan([File("b", 1), File("a", 1)], []).ToList());
        Assert.Contains("not in key order", e.Message);
    }

    /// <summary>Plans from the entries sorted as the walks deliver them (by key).</summary>
    private static List<DropboxSyncItem> Plan(SyncOptions options, IEnumerable<SyncEntry> source, IEnumerable<SyncEntry> destination) =>
        Planner(options).Plan(Sorted(source), Sorted(destination)).ToList();

    private static IEnumerable<SyncEntry> Sorted(IEnumerable<SyncEntry> entries) => entries.OrderBy(e => e.Key, SyncKey.Order);

    private static SyncPlanner Planner(SyncOptions options, FakeHashes? hashes = null) => new(options, hashes ?? new FakeHashes());

    private static SyncOptions Upload(bool delete = false, string[]? include = null, string[]? exclude = null) => Options(SyncDirection.Upload, delete, include, exclude);

    private static SyncOptions Download(bool delete) => Options(SyncDirection.Download, delete, null, null);

    private static SyncOptions Options(SyncDirection direction, bool delete, string[]? include, string[]? exclude) => new()
    {
        LocalRoot = LocalRoot,
        RemoteRoot = "/Backup",
        Direction = direction,
        Delete = delete,
        Filter = new SyncFilter(Patterns(include), Patterns(exclude)),
    };

    private static List<SyncPattern> Patterns(string[]? patterns) =>
        (patterns ?? []).Select(p => new SyncPattern(p, s => System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(p, s))).ToList();

    private static string KeyOf(string relative) => relative.Split('/').Aggregate("", SyncKey.Child);

    private static SyncEntry File(string relative, long size) => new(KeyOf(relative), relative, SyncEntryKind.File) { Size = size, LastWriteUtc = Noon };

    private static SyncEntry Folder(string relative) => new(KeyOf(relative), relative, SyncEntryKind.Folder);

    private static SyncEntry Remote(string relative, long size, string hash, bool localNames = false) =>
        new(RemoteListing.KeyOf(relative.Split('/'), localNames), relative, SyncEntryKind.File) { Size = size, LastWriteUtc = Noon, ContentHash = hash, Rev = "0123456789" };

    /// <summary>Hashes by relative path; counts the files "read".</summary>
    private sealed class FakeHashes : ILocalHashes
    {
        public Dictionary<string, string> Content { get; } = new();
        public Dictionary<string, string> Cache { get; } = new();
        public HashSet<string> Unreadable { get; } = new();
        public List<string> Asked { get; } = new();
        public int Computed { get; private set; }

        public string? Cached(SyncEntry local)
        {
            Asked.Add(local.RelativePath);
            return Cache.TryGetValue(local.RelativePath, out var hash) ? hash : null;
        }

        public string Compute(SyncEntry local)
        {
            Computed++;
            if (Unreadable.Contains(local.RelativePath)) throw new UnauthorizedAccessException("Access denied.");
            return Content.TryGetValue(local.RelativePath, out var hash) ? hash : "unknown";
        }
    }
}
