using System.Net;
using System.Net.Sockets;
using PSDropbox.Client;
using PSDropbox.Client.Changes;
using PSDropbox.Emulator;
using PSDropbox.Transport;

namespace PSDropbox.Tests.Unit.Client;

/// <summary>The change feed (longpoll, cursors, state file) against the in-process emulator.</summary>
public sealed class ChangeFeedTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _fx;

    public ChangeFeedTests(EmulatorFixture fixture) => _fx = fixture;

    private FilesClient Files => _fx.Client.Files;

    private static string Unique(string name) => $"/{name}-{Guid.NewGuid():N}";

    private ChangeFeed Feed(string path, List<DropboxChange> sink, ChangeStateFile? state = null, List<string>? warnings = null, FilesClient? files = null) =>
        new(files ?? Files, path, recursive: true, includeDeleted: false, state, (change, delivered) =>
        {
            lock (sink) sink.Add(change);
            delivered();
            return Task.CompletedTask;
        }, w => warnings?.Add(w), _ => { });

    [Fact]
    public async Task Longpoll_goes_out_without_a_token_and_wakes_on_a_change()
    {
        var root = Unique("Poll");
        await Files.CreateFolderAsync(root, false, CancellationToken.None);
        var cursor = await Files.GetLatestCursorAsync(root, true, false, null, CancellationToken.None);

        var poll = Files.LongpollAsync(cursor, 1, CancellationToken.None); // clamped to 30 s: the change must end it
        await Task.Delay(200);
        Assert.False(poll.IsCompleted);
        await Files.CreateFolderAsync(root + "/inner", false, CancellationToken.None);
        var result = await poll.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.Changes);
        Assert.Null(result.Backoff);
    }

    [Fact]
    public async Task Cancelling_a_longpoll_ends_it_at_once()
    {
        var cursor = await Files.GetLatestCursorAsync("/", false, false, null, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Files.LongpollAsync(cursor, 30, cts.Token));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), sw.Elapsed.ToString());
    }

    [Fact]
    public async Task Read_follows_has_more_across_pages()
    {
        var root = Unique("Pages");
        await Files.CreateFolderAsync(root, false, CancellationToken.None);
        var cursor = await Files.GetLatestCursorAsync(root, true, false, limit: 2, CancellationToken.None);
        for (int i = 0; i < 5; i++) await Files.CreateFolderAsync($"{root}/f{i}", false, CancellationToken.None);

        var got = new List<DropboxChange>();
        var feed = Feed(root, got);
        await feed.ReadAsync(cursor, CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{root}/f{i}"), got.Select(c => c.Path));
        Assert.All(got, c => Assert.Equal(DropboxChangeType.FolderAddedOrModified, c.ChangeType));
        Assert.Equal(3, got.Select(c => c.Cursor).Distinct().Count()); // pages of 2, 2 and 1
        Assert.Equal(got[^1].Cursor, feed.Cursor);
    }

    [Fact]
    public async Task A_state_file_resumes_a_batch_that_stopped_halfway_without_repeating_or_missing()
    {
        var root = Unique("Resume");
        await Files.CreateFolderAsync(root, false, CancellationToken.None);
        var file = Path.Combine(Path.GetTempPath(), "psdropbox-state-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            using (var state = ChangeStateFile.Open(file, root, true, false))
            {
                await Feed(root, new List<DropboxChange>(), state).StartAtLatestAsync(CancellationToken.None);
            }
            for (int i = 0; i < 4; i++) await Files.CreateFolderAsync($"{root}/f{i}", false, CancellationToken.None);

            var first = new List<string>();
            using (var state = ChangeStateFile.Open(file, root, true, false))
            {
                var failing = new ChangeFeed(Files, root, true, false, state, (change, delivered) =>
                {
                    if (first.Count == 2) throw new IOException("consumer failed");
                    first.Add(change.Path!);
                    delivered();
                    return Task.CompletedTask;
                }, _ => { }, _ => { });
                await Assert.ThrowsAsync<IOException>(() => failing.ReadAsync(state.Cursor, CancellationToken.None));
            }
            Assert.True(File.Exists(file + ".delivered"));

            var second = new List<DropboxChange>();
            using (var state = ChangeStateFile.Open(file, root, true, false))
            {
                await Feed(root, second, state).ReadAsync(state.Cursor, CancellationToken.None);
            }
            Assert.Equal([$"{root}/f0", $"{root}/f1"], first);
            Assert.Equal([$"{root}/f2", $"{root}/f3"], second.Select(c => c.Path));
            Assert.False(File.Exists(file + ".delivered"));

            var third = new List<DropboxChange>();
            using (var state = ChangeStateFile.Open(file, root, true, false))
            {
                await Feed(root, third, state).ReadAsync(state.Cursor, CancellationToken.None);
            }
            Assert.Empty(third);
        }
        finally
        {
            File.Delete(file);
            File.Delete(file + ".delivered");
        }
    }

    [Fact]
    public async Task A_first_run_stopped_halfway_through_its_baseline_is_finished_by_the_next_run_not_repeated()
    {
        var root = Unique("FirstBaseline");
        await Files.CreateFolderAsync(root, false, CancellationToken.None);
        for (int i = 0; i < 3; i++) await Files.CreateFolderAsync($"{root}/f{i}", false, CancellationToken.None);
        var file = Path.Combine(Path.GetTempPath(), "psdropbox-state-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var first = new List<string>();
            using (var state = ChangeStateFile.Open(file, root, true, false))
            {
                var failing = new ChangeFeed(Files, root, true, false, state, (change, delivered) =>
                {
                    if (first.Count == 2) throw new IOException("consumer failed");
                    first.Add(change.Path!);
                    delivered();
                    return Task.CompletedTask;
                }, _ => { }, _ => { });
                await Assert.ThrowsAsync<IOException>(() => failing.ReadAsync(state.Cursor, CancellationToken.None));
            }

            var second = new List<DropboxChange>();
            using (var state = ChangeStateFile.Open(file, root, true, false))
            {
                Assert.True(state.Existed);
                Assert.Null(state.Cursor);
                await Feed(root, second, state).ReadAsync(state.Cursor, CancellationToken.None);
            }
            Assert.Equal([root, $"{root}/f0"], first);
            Assert.Equal([$"{root}/f1", $"{root}/f2"], second.Select(c => c.Path));
            Assert.All(second, c => Assert.True(c.Baseline));

            using (var state = ChangeStateFile.Open(file, root, true, false))
            {
                Assert.NotNull(state.Cursor);
                Assert.False(state.InBaseline);
            }
        }
        finally
        {
            File.Delete(file);
            File.Delete(file + ".delivered");
        }
    }

    [Fact]
    public void A_state_file_for_another_scope_or_with_garbage_is_refused()
    {
        var file = Path.Combine(Path.GetTempPath(), "psdropbox-state-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            using (var state = ChangeStateFile.Open(file, "/A", true, false)) state.Commit("cursor-1");
            using (var same = ChangeStateFile.Open(file, "/a", true, false)) Assert.Equal("cursor-1", same.Cursor);
            Assert.True(Assert.Throws<ChangeStateException>(() => ChangeStateFile.Open(file, "/B", true, false)).Mismatch);
            Assert.True(Assert.Throws<ChangeStateException>(() => ChangeStateFile.Open(file, "/A", false, false)).Mismatch);
            File.WriteAllText(file, "not json");
            Assert.False(Assert.Throws<ChangeStateException>(() => ChangeStateFile.Open(file, "/A", true, false)).Mismatch);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Watch_rides_out_a_server_outage_with_retries_and_then_delivers_the_change()
    {
        string data = Directory.CreateTempSubdirectory("psdropbox-watch-").FullName;
        int port = FreePort();
        var options = new EmulatorOptions { Port = port, DataDirectory = data, AccessToken = EmulatorFixture.Token };
        var emulator = await DropboxEmulator.StartAsync(options);
        using var client = new DropboxClient(new DropboxTransport(DropboxEndpoints.SingleBase(emulator.BaseUrl), new StaticTokenSource(EmulatorFixture.Token)));
        try
        {
            await client.Files.CreateFolderAsync("/Outage", false, CancellationToken.None);
            var got = new List<DropboxChange>();
            var warnings = new List<string>();
            var feed = Feed("/Outage", got, warnings: warnings, files: client.Files);
            using var stop = new CancellationTokenSource();
            var watching = feed.WatchAsync(null, 30, stop.Token);
            while (feed.Cursor is null) await Task.Delay(20);

            await emulator.DisposeAsync();
            while (warnings.Count == 0) await Task.Delay(20);
            Assert.Contains("Retrying in", warnings[0]);

            emulator = await DropboxEmulator.StartAsync(options);
            await client.Files.CreateFolderAsync("/Outage/after", false, CancellationToken.None);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (got.Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
            stop.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
            Assert.Equal(["/Outage/after"], got.Select(c => c.Path));
            Assert.Single(warnings);
        }
        finally
        {
            await emulator.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
