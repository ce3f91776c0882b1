using System.Collections.Concurrent;
using System.Text;
using PSDropbox.Client;
using PSDropbox.Client.Wire;
using PSDropbox.Tests.Unit.Client;
using PSDropbox.Transfers;
using PSDropbox.Transfers.Sync;

namespace PSDropbox.Tests.Unit.Transfers.Sync;

/// <summary>
/// The sync run against the in-process emulator, where the other side changes between the plan and the copy (the
/// observer's approval is the moment in between): what changed meanwhile is reported, never overwritten.
/// </summary>
public sealed class SyncRunnerTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private readonly EmulatorFixture _fx;
    private readonly string _local = Directory.CreateTempSubdirectory("psdropbox-sync-").FullName;

    public SyncRunnerTests(EmulatorFixture fixture) => _fx = fixture;

    public void Dispose() => Directory.Delete(_local, recursive: true);

    [Fact]
    public async Task AnUploadDoesNotReplaceADropboxFileThatChangedSinceItWasCompared()
    {
        await PutAsync("/race-up/a.txt", "remote v1");
        File.WriteAllText(Path.Combine(_local, "a.txt"), "local version");
        var observer = new Observer(async target =>
        {
            if (target == "/race-up/a.txt") await PutAsync("/race-up/a.txt", "changed meanwhile");
        });

        var summary = await RunAsync("/race-up", SyncDirection.Upload, observer);

        var conflict = Assert.IsType<DropboxApiException>(Assert.Single(observer.Failures));
        Assert.Equal(DropboxErrorKind.Conflict, conflict.Kind);
        var remote = (DropboxFile)await _fx.Client.Files.GetMetadataAsync("/race-up/a.txt", false, CancellationToken.None);
        Assert.Equal(Hash("changed meanwhile"), remote.ContentHash);
        Assert.Equal((0, 1), (summary.FilesCopied, summary.Errors));
    }

    [Fact]
    public async Task ADownloadDoesNotReplaceALocalFileThatChangedSinceItWasCompared()
    {
        await PutAsync("/race-down/a.txt", "remote content");
        var local = Path.Combine(_local, "a.txt");
        File.WriteAllText(local, "old");
        var observer = new Observer(target =>
        {
            if (target == local) File.WriteAllText(local, "edited locally");
            return Task.CompletedTask;
        });

        var summary = await RunAsync("/race-down", SyncDirection.Download, observer);

        Assert.IsAssignableFrom<IOException>(Assert.Single(observer.Failures));
        Assert.Equal("edited locally", File.ReadAllText(local));
        Assert.Equal((0, 1), (summary.FilesCopied, summary.Errors));
    }

    private async Task<DropboxSyncSummary> RunAsync(string remote, SyncDirection direction, Observer observer)
    {
        var options = new SyncOptions { LocalRoot = _local, RemoteRoot = remote, Direction = direction };
        using var plan = await SyncPlan.PrepareAsync(_fx.Client.Files, options, cacheDirectory: null, CancellationToken.None);
        return await new SyncRunner(_fx.Client.Files, new SyncRunOptions()).RunAsync(plan, observer, CancellationToken.None);
    }

    private Task PutAsync(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return _fx.Client.Files.UploadAsync(new CommitInfo { Path = path, Mode = new WriteModeArg { Mode = DropboxWriteMode.Overwrite } },
            bytes, bytes.Length, ContentHasher.Compute(bytes, 0, bytes.Length), CancellationToken.None);
    }

    private static string Hash(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return ContentHasher.Compute(bytes, 0, bytes.Length);
    }

    /// <summary>Approves every action after running <c>meanwhile</c> for its target; collects the failures.</summary>
    private sealed class Observer(Func<string, Task> meanwhile) : ISyncObserver
    {
        public ConcurrentQueue<Exception> Failures { get; } = new();

        public async Task<bool> ApproveAsync(string target, string action)
        {
            await meanwhile(target);
            return true;
        }

        public void Seen(DropboxSyncItem item)
        {
        }

        public Task SettledAsync(DropboxSyncItem item) => Task.CompletedTask;

        public bool Failed(Exception error, object target)
        {
            Failures.Enqueue(error);
            return true;
        }
    }
}
