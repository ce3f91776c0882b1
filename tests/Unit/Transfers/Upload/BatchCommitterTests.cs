using System.Collections.Concurrent;
using System.Text;
using PSDropbox.Client;
using PSDropbox.Client.Wire;
using PSDropbox.Emulator.Faults;
using PSDropbox.Tests.Unit.Emulator;
using PSDropbox.Transfers;
using PSDropbox.Transfers.Upload;
using PSDropbox.Transport;

namespace PSDropbox.Tests.Unit.Transfers.Upload;

/// <summary>
/// The batch committer against the emulator: closed sessions committed with finish_batch_v2, at most the batch size at a
/// time; contended entries committed later; a batch whose answer is lost found by content hash and never committed twice.
/// </summary>
public sealed class BatchCommitterTests
{
    private static DropboxClient Client(EmulatorHarness h) =>
        new(new DropboxTransport(DropboxEndpoints.SingleBase(h.Emulator.BaseUrl), new StaticTokenSource(EmulatorHarness.Token), null, new TransportSettings
        {
            Retry = new RetryPolicy { MaxAttempts = 10, BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) },
        }));

    /// <summary>Sends n small files into closed sessions; returns their pending commits under <paramref name="folder"/>.</summary>
    private static async Task<List<PendingCommit>> SendAsync(EmulatorHarness h, FilesClient files, BatchCommitter committer, string folder, int n)
    {
        var ids = await files.UploadSessionStartBatchAsync(n, CancellationToken.None);
        var local = h.TempDir();
        var entries = new List<PendingCommit>();
        for (var i = 0; i < n; i++)
        {
            var bytes = Encoding.UTF8.GetBytes($"file {i} in {folder}");
            var hash = ContentHasher.Compute(bytes, 0, bytes.Length);
            await files.UploadSessionAppendAsync(ids[i], 0, bytes, bytes.Length, hash, close: true, CancellationToken.None);
            var path = $"{folder}/f{i}.txt";
            var file = Path.Combine(local, $"f{i}.txt");
            await File.WriteAllBytesAsync(file, bytes);
            var job = UploadJob.File(new FileInfo(file), path, new RemoteScope(folder, false));
            entries.Add(new PendingCommit(job, ids[i], bytes.Length, new CommitInfo { Path = path, Autorename = true }, hash, committer.NewSchedule()));
        }
        return entries;
    }

    private static (BatchCommitter Committer, ConcurrentDictionary<string, (DropboxFile? File, Exception? Error)> Outcomes) NewCommitter(FilesClient files, int maxBatch)
    {
        var outcomes = new ConcurrentDictionary<string, (DropboxFile?, Exception?)>();
        var committer = new BatchCommitter(files, (entry, file, error) =>
        {
            Assert.True(outcomes.TryAdd(entry.Commit.Path, (file, error)), $"{entry.Commit.Path} reported twice");
            return Task.CompletedTask;
        }, 4, CancellationToken.None, maxBatch);
        return (committer, outcomes);
    }

    private static async Task<List<DropboxFile>> ListAsync(FilesClient files, string folder) =>
        (await files.ListFolderAsync(folder, false, false, null, CancellationToken.None)).Entries.OfType<DropboxFile>().ToList();

    [Fact]
    public async Task Commits_every_entry_in_batches_of_at_most_the_batch_size()
    {
        await using var h = await EmulatorHarness.StartAsync();
        using var client = Client(h);
        var (committer, outcomes) = NewCommitter(client.Files, maxBatch: 10);
        foreach (var entry in await SendAsync(h, client.Files, committer, "/plain", 25)) await committer.AddAsync(entry);
        await committer.CompleteAsync();

        Assert.Equal(25, outcomes.Count);
        Assert.All(outcomes.Values, o => Assert.Null(o.Error));
        Assert.Equal(25, (await ListAsync(client.Files, "/plain")).Count);
        var batches = h.Emulator.RequestLog.Snapshot("files/upload_session/finish_batch_v2");
        Assert.Equal(3, batches.Count);
    }

    [Fact]
    public async Task Committers_sharing_a_connection_send_their_batches_one_at_a_time()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var meter = new FinishBatchMeter();
        using var client = new DropboxClient(new DropboxTransport(DropboxEndpoints.SingleBase(h.Emulator.BaseUrl), new StaticTokenSource(EmulatorHarness.Token),
            meter));
        var (first, firstOutcomes) = NewCommitter(client.Files, maxBatch: 5);
        var (second, secondOutcomes) = NewCommitter(client.Files, maxBatch: 5);
        var firstEntries = await SendAsync(h, client.Files, first, "/turns-a", 15);
        var secondEntries = await SendAsync(h, client.Files, second, "/turns-b", 15);

        await Task.WhenAll(Task.Run(async () =>
        {
            foreach (var entry in firstEntries) await first.AddAsync(entry);
            await first.CompleteAsync();
        }), Task.Run(async () =>
        {
            foreach (var entry in secondEntries) await second.AddAsync(entry);
            await second.CompleteAsync();
        }));

        Assert.Equal(6, meter.Calls);
        Assert.Equal(1, meter.MostAtOnce);
        Assert.All(firstOutcomes.Values.Concat(secondOutcomes.Values), o => Assert.Null(o.Error));
        Assert.Equal(15, (await ListAsync(client.Files, "/turns-a")).Count);
        Assert.Equal(15, (await ListAsync(client.Files, "/turns-b")).Count);
    }

    /// <summary>The socket handler, counting finish_batch_v2 calls in flight (each held 100 ms, so that two at once would show).</summary>
    private sealed class FinishBatchMeter() : DelegatingHandler(new HttpClientHandler())
    {
        private int _inFlight;
        private int _calls;
        private int _most;

        public int Calls => Volatile.Read(ref _calls);

        public int MostAtOnce => Volatile.Read(ref _most);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.EndsWith("/finish_batch_v2", StringComparison.Ordinal) != true)
                return await base.SendAsync(request, cancellationToken);
            Interlocked.Increment(ref _calls);
            var now = Interlocked.Increment(ref _inFlight);
            int most;
            while (now > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, most) != most)
            {
            }
            try
            {
                await Task.Delay(100, cancellationToken);
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    [Fact]
    public async Task Entries_refused_with_too_many_write_operations_are_committed_in_a_later_batch()
    {
        await using var h = await EmulatorHarness.StartAsync();
        using var client = Client(h);
        var (committer, outcomes) = NewCommitter(client.Files, maxBatch: 1000);
        var entries = await SendAsync(h, client.Files, committer, "/contended", 40);
        h.Emulator.Faults.Set(FaultSpec.Parse("batchwrite=0.5"), 3);
        foreach (var entry in entries) await committer.AddAsync(entry);
        await committer.CompleteAsync();
        h.Emulator.Faults.Set(FaultSpec.Parse(null));

        Assert.All(outcomes.Values, o => Assert.Null(o.Error));
        var listed = await ListAsync(client.Files, "/contended");
        Assert.Equal(entries.Select(e => e.Commit.Path).OrderBy(p => p), listed.Select(f => f.Path).OrderBy(p => p));
        Assert.True(h.Emulator.RequestLog.Snapshot("files/upload_session/finish_batch_v2").Count > 1);
    }

    [Fact]
    public async Task A_batch_whose_answer_is_lost_is_found_by_content_hash_and_not_committed_again()
    {
        await using var h = await EmulatorHarness.StartAsync();
        using var client = Client(h);
        var (committer, outcomes) = NewCommitter(client.Files, maxBatch: 1000);
        var entries = await SendAsync(h, client.Files, committer, "/lost", 12);
        h.Emulator.Faults.Set(FaultSpec.Parse("cut=1,cutside=response,count=1,routes=files/upload_session/finish_batch_v2"));
        foreach (var entry in entries) await committer.AddAsync(entry);
        await committer.CompleteAsync();

        Assert.Equal(12, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(entries.Single(e => e.Commit.Path == o.Key).ContentHash, o.Value.File?.ContentHash));
        Assert.Single(h.Emulator.RequestLog.Snapshot("files/upload_session/finish_batch_v2"));
        var listed = await ListAsync(client.Files, "/lost");
        Assert.Equal(12, listed.Count); // with autorename, a second commit of a lost one would have made "f0 (1).txt"
    }

    [Fact]
    public async Task An_entry_that_conflicts_fails_alone_and_the_others_are_committed()
    {
        await using var h = await EmulatorHarness.StartAsync();
        using var client = Client(h);
        await h.SeedAsync("/conflict", ("f1.txt", "something else"));
        var (committer, outcomes) = NewCommitter(client.Files, maxBatch: 1000);
        var entries = await SendAsync(h, client.Files, committer, "/conflict", 3);
        foreach (var entry in entries)
        {
            entry.Commit.Autorename = false;
            await committer.AddAsync(entry);
        }
        await committer.CompleteAsync();

        var failure = Assert.IsType<DropboxApiException>(outcomes["/conflict/f1.txt"].Error);
        Assert.Equal(DropboxErrorKind.Conflict, failure.Kind);
        Assert.NotNull(outcomes["/conflict/f0.txt"].File);
        Assert.NotNull(outcomes["/conflict/f2.txt"].File);
    }
}
