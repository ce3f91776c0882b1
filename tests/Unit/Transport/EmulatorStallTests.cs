using System.Diagnostics;
using System.Text.Json;
using PSDropbox.Client;
using PSDropbox.Emulator.Faults;
using PSDropbox.Tests.Unit.Emulator;
using PSDropbox.Transfers;
using PSDropbox.Transport;

namespace PSDropbox.Tests.Unit.Transport;

/// <summary>
/// The emulator's stall fault and latency, and what the transport makes of them: every stall ends within the operation
/// timeout per attempt (or completes after a resume); latency delays every API request but none of /_emulator.
/// </summary>
public sealed class EmulatorStallTests
{
    private static DropboxClient Client(EmulatorHarness h, double operationSeconds = 0.5, int attempts = 3) =>
        new(new DropboxTransport(DropboxEndpoints.SingleBase(h.Emulator.BaseUrl), new StaticTokenSource(EmulatorHarness.Token), null, new TransportSettings
        {
            OperationTimeout = TimeSpan.FromSeconds(operationSeconds),
            Retry = new RetryPolicy { MaxAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(20) },
        }));

    private static async Task<List<JsonElement>> Log(EmulatorHarness h, string route)
    {
        using var doc = JsonDocument.Parse(await h.Http.GetStringAsync($"/_emulator/requests?route={route}"));
        return [.. doc.RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    [Theory]
    [InlineData("answer", TransferPhase.WaitingForAnswer)]
    [InlineData("body", TransferPhase.Receiving)]
    public async Task A_call_that_stalls_on_every_attempt_ends_in_a_Timeout_after_its_attempts(string at, TransferPhase phase)
    {
        await using var h = await EmulatorHarness.StartAsync();
        await h.CreateFolderAsync("/Stalled");
        h.Emulator.Faults.Set(FaultSpec.Parse($"stall=1,stallat={at},routes=files/list_folder"));
        using var client = Client(h);
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<DropboxTimeoutException>(() => client.Files.ListFolderAsync("/Stalled", false, false, null, CancellationToken.None));
        watch.Stop();
        Assert.Equal(phase, e.Phase);
        Assert.Equal("files/list_folder", e.Route);
        Assert.Contains("Gave up after 3 attempts", e.Message);
        Assert.InRange(watch.Elapsed.TotalSeconds, 1.5, 8);
        Assert.Equal(3, h.Emulator.Faults.Injected);
        await WaitUntilAsync(async () => (await Log(h, "files/list_folder")).Count == 3);
        Assert.All(await Log(h, "files/list_folder"), entry => Assert.StartsWith($"stall-{at}", entry.GetProperty("fault").GetString()));
    }

    [Fact]
    public async Task A_download_that_stalls_in_the_middle_of_its_body_resumes_from_the_bytes_on_disk()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var content = new byte[3 * 1024 * 1024 + 5];
        new Random(8).NextBytes(content);
        // Long enough for the half-written first block to reach the file even on a loaded machine: a shorter wait can give up
        // before any byte arrived, and then starting again from 0 is right but not what this test is about.
        using var client = Client(h, operationSeconds: 6);
        var uploaded = await client.Files.UploadAsync(new PSDropbox.Client.Wire.CommitInfo { Path = "/big.bin" }, content, content.Length,
            ContentHasher.Compute(content, 0, content.Length), CancellationToken.None);
        h.Emulator.Faults.Set(FaultSpec.Parse("stall=1,stallat=body,count=1,routes=files/download"));
        var target = Path.Combine(h.TempDir(), "big.bin");
        var file = await new FileDownloader(client.Files).DownloadAsync("/big.bin", target, resume: false, null, CancellationToken.None);
        Assert.Equal(uploaded.ContentHash, file.ContentHash);
        Assert.Equal(content, await File.ReadAllBytesAsync(target));
        var downloads = await Log(h, "files/download");
        Assert.Equal(2, downloads.Count);
        Assert.Equal("stall-body", downloads[0].GetProperty("fault").GetString());
        Assert.StartsWith("bytes=", downloads[1].GetProperty("range").GetString()); // the second request continued
    }

    [Fact]
    public async Task Latency_delays_every_API_request_and_can_be_changed_through_the_admin_hook()
    {
        await using var h = await EmulatorHarness.StartAsync(configure: o => o.Latency = TimeSpan.FromMilliseconds(300));
        using var client = Client(h, operationSeconds: 30);
        var watch = Stopwatch.StartNew();
        await client.Users.GetCurrentAccountAsync(CancellationToken.None);
        Assert.True(watch.ElapsedMilliseconds >= 300, $"{watch.ElapsedMilliseconds} ms");

        watch.Restart();
        using (var state = JsonDocument.Parse(await h.Http.GetStringAsync("/_emulator/faults")))
        {
            Assert.True(watch.ElapsedMilliseconds < 300, $"/_emulator waited {watch.ElapsedMilliseconds} ms");
            Assert.Equal(300, state.RootElement.GetProperty("latency_ms").GetDouble());
        }

        var set = await h.Http.PostAsync("/_emulator/faults", new StringContent("{\"latency_ms\": 0, \"latency_jitter_ms\": 0}"));
        set.EnsureSuccessStatusCode();
        Assert.Equal(TimeSpan.Zero, h.Emulator.Faults.Latency);
        Assert.True(h.Emulator.Faults.Spec.IsNone);
        var refused = await h.Http.PostAsync("/_emulator/faults", new StringContent("{\"latency_ms\": -1}"));
        Assert.Equal(400, (int)refused.StatusCode);
    }

    [Fact]
    public void The_stall_fault_parses_and_prints_back()
    {
        var spec = FaultSpec.Parse("stall=0.25,stallat=body");
        Assert.Equal(0.25, spec.Stall);
        Assert.Equal("body", spec.StallAt);
        Assert.Equal("stall=0.25,stallat=body", spec.ToString());
        Assert.Throws<FormatException>(() => FaultSpec.Parse("stallat=never"));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met within 10 s");
            await Task.Delay(50);
        }
    }
}
