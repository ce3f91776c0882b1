using PSDropbox.Client;
using PSDropbox.Client.Wire;
using PSDropbox.Tests.Unit.Client;
using PSDropbox.Transfers;
using PSDropbox.Transfers.Download;

namespace PSDropbox.Tests.Unit.Transfers.Download;

/// <summary>The tree downloader against the in-process emulator: slots, per-file errors, run-stopping errors.</summary>
public sealed class TreeDownloaderTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly EmulatorFixture _fx;
    private readonly string _local = Directory.CreateTempSubdirectory("psdropbox-tree-").FullName;

    public TreeDownloaderTests(EmulatorFixture fixture) => _fx = fixture;

    public void Dispose() => Directory.Delete(_local, recursive: true);

    private async Task<Dictionary<string, string>> UploadTreeAsync(string root, int count)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[100 + i * 37];
            new Random(i).NextBytes(bytes);
            var hash = ContentHasher.Compute(bytes, 0, bytes.Length);
            var path = $"{root}/d{i % 3}/f{i}.bin";
            await _fx.Client.Files.UploadAsync(new CommitInfo { Path = path }, bytes, bytes.Length, hash, CancellationToken.None);
            hashes[$"d{i % 3}/f{i}.bin"] = hash;
        }
        return hashes;
    }

    [Fact]
    public async Task DownloadsEveryFileWithAtMostThrottleLimitInFlight()
    {
        var hashes = await UploadTreeAsync("/tree-slots", 30);
        var observer = new Observer();
        var options = new DownloadOptions { ThrottleLimit = 4, Recurse = true };
        var folder = await _fx.Client.Files.GetMetadataAsync("/tree-slots", false, CancellationToken.None);

        await new TreeDownloader(_fx.Client.Files, options, observer).DownloadAsync(new[] { DownloadSource.ForItem(folder) }, _local, CancellationToken.None);

        Assert.Equal(30, observer.Finished.Count);
        Assert.InRange(observer.MostInFlight, 1, 4);
        foreach (var (relative, hash) in hashes)
            Assert.Equal(hash, await ContentHasher.HashFileAsync(Path.Combine(_local, "tree-slots", relative), CancellationToken.None));
        Assert.Empty(Directory.GetFiles(_local, "*" + FileDownloader.PartialSuffix, SearchOption.AllDirectories));
    }

    [Fact]
    public async Task AFileThatFailsIsReportedAndTheOthersGoOn()
    {
        await UploadTreeAsync("/tree-one-fails", 9);
        Directory.CreateDirectory(Path.Combine(_local, "tree-one-fails", "d1", "f4.bin"));
        var observer = new Observer();
        var folder = await _fx.Client.Files.GetMetadataAsync("/tree-one-fails", false, CancellationToken.None);

        await new TreeDownloader(_fx.Client.Files, new DownloadOptions { ThrottleLimit = 3, Recurse = true }, observer)
            .DownloadAsync(new[] { DownloadSource.ForItem(folder) }, _local, CancellationToken.None);

        var failure = Assert.Single(observer.Failures);
        Assert.Equal("/tree-one-fails/d1/f4.bin", failure.Path);
        Assert.IsType<IOException>(failure.Error);
        Assert.Equal(8, observer.Finished.Count);
    }

    [Fact]
    public async Task AFailureThatIsNotAboutOneFileStopsTheRunAndIsThrown()
    {
        await UploadTreeAsync("/tree-stops", 12);
        var observer = new Observer { StopOn = "/tree-stops/d0/f3.bin" };
        var folder = await _fx.Client.Files.GetMetadataAsync("/tree-stops", false, CancellationToken.None);
        Directory.CreateDirectory(Path.Combine(_local, "tree-stops", "d0", "f3.bin"));

        var thrown = await Assert.ThrowsAsync<IOException>(() => new TreeDownloader(_fx.Client.Files,
            new DownloadOptions { ThrottleLimit = 2, Recurse = true }, observer).DownloadAsync(new[] { DownloadSource.ForItem(folder) }, _local, CancellationToken.None));

        Assert.Contains("f3.bin", thrown.Message);
        Assert.True(observer.Finished.Count < 12);
    }

    private sealed class Observer : IDownloadObserver
    {
        private int _inFlight;
        private int _most;

        public string? StopOn { get; init; }

        public List<string> Finished { get; } = new();

        public List<(string Path, Exception Error)> Failures { get; } = new();

        public int MostInFlight => Volatile.Read(ref _most);

        public Task<bool> ApproveAsync(string target, string action) => Task.FromResult(true);

        public Task<bool> ApproveDownloadAsync(DownloadJob job) => Task.FromResult(true);

        public void Listed(DropboxFile file)
        {
        }

        public IProgress<long> Starting(DownloadJob job)
        {
            var now = Interlocked.Increment(ref _inFlight);
            int most;
            while (now > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, most) != most)
            {
            }
            return new Progress<long>();
        }

        public Task FinishedAsync(DownloadJob job, DropboxFile metadata, bool skipped, IProgress<long>? progress)
        {
            Interlocked.Decrement(ref _inFlight);
            lock (Finished) Finished.Add(job.DisplayPath);
            return Task.CompletedTask;
        }

        public bool Failed(string remotePath, Exception error, IProgress<long>? progress)
        {
            lock (Failures) Failures.Add((remotePath, error));
            return remotePath != StopOn;
        }

        public void Warn(string text)
        {
        }

        public void Note(string text)
        {
        }
    }
}
