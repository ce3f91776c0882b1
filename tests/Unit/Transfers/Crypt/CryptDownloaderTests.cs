using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PSDropbox.Client.Wire;
using PSDropbox.Tests.Unit.Client;
using PSDropbox.Transfers;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Tests.Unit.Transfers.Crypt;

/// <summary>Encrypted downloads against the in-process emulator: a body that breaks is continued from the last whole block on disk.</summary>
public sealed class CryptDownloaderTests : IClassFixture<EmulatorFixture>, IDisposable
{
    private static readonly CryptKeys Keys = CryptKeys.Derive(Encoding.UTF8.GetBytes("potato"), null);
    private readonly EmulatorFixture _fx;
    private readonly string _local = Directory.CreateTempSubdirectory("psdropbox-crypt-down-").FullName;

    public CryptDownloaderTests(EmulatorFixture fixture) => _fx = fixture;

    public void Dispose() => Directory.Delete(_local, recursive: true);

    [Fact]
    public async Task ABodyThatBreaks_IsContinuedFromTheLastWholeBlock_WithARangedRequest()
    {
        var plain = new byte[3 * 1024 * 1024 + 4321];
        new Random(5).NextBytes(plain);
        var source = Path.Combine(_local, "source.bin");
        File.WriteAllBytes(source, plain);
        const string path = "/crypt-down/broken.bin";
        var uploaded = await new CryptUploader(_fx.Client.Files, Keys, FileUploader.DefaultChunkSize).UploadAsync(source, new CommitInfo { Path = path },
            false, null, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = _fx.Emulator.BaseUrl };
        await http.DeleteAsync("_emulator/requests");
        await http.PostAsync("_emulator/faults", new StringContent("{\"spec\":\"cut=1,cutside=response,count=2,routes=files/download\",\"seed\":3}",
            Encoding.UTF8, "application/json"));
        var target = Path.Combine(_local, "target.bin");

        try
        {
            await new CryptDownloader(_fx.Client.Files, Keys).DownloadAsync(uploaded.Rev!, target, resume: false, null, CancellationToken.None);
        }
        finally
        {
            await http.DeleteAsync("_emulator/faults");
        }

        Assert.Equal(plain, File.ReadAllBytes(target));
        Assert.False(File.Exists(FileDownloader.PartialPathFor(target)));
        using var log = JsonDocument.Parse(await http.GetStringAsync("_emulator/requests?route=files/download"));
        var ranges = log.RootElement.EnumerateArray().Where(e => e.TryGetProperty("range", out var r) && r.ValueKind == JsonValueKind.String)
            .Select(e => long.Parse(Regex.Match(e.GetProperty("range").GetString()!, @"\d+").Value)).ToList();
        Assert.Equal(2, ranges.Count);
        Assert.All(ranges, start => Assert.Equal(0, (start - CryptFormat.HeaderSize) % CryptFormat.BlockSize));
    }

    [Fact]
    public async Task ADownloadStoppedInTheMiddle_IsContinuedByALaterResume_OfTheSameRevision_FromItsLastWholeBlock()
    {
        var plain = new byte[3 * 1024 * 1024 + 99];
        new Random(6).NextBytes(plain);
        var source = Path.Combine(_local, "stopped.bin");
        File.WriteAllBytes(source, plain);
        var uploaded = await new CryptUploader(_fx.Client.Files, Keys, FileUploader.DefaultChunkSize).UploadAsync(source,
            new CommitInfo { Path = "/crypt-down/stopped.bin" }, false, null, CancellationToken.None);
        var target = Path.Combine(_local, "stopped-target.bin");
        var partial = FileDownloader.PartialPathFor(target);
        using var http = new HttpClient { BaseAddress = _fx.Emulator.BaseUrl };
        await http.DeleteAsync("_emulator/requests");

        using (var stop = new CancellationTokenSource())
        {
            var progress = new Progress(written => { if (written >= 1024 * 1024) stop.Cancel(); });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new CryptDownloader(_fx.Client.Files, Keys).DownloadAsync(uploaded.Rev!, target, resume: false, progress, stop.Token));
        }
        var kept = new FileInfo(partial).Length;
        Assert.InRange(kept, 1024 * 1024, plain.Length - 1);
        Assert.True(File.Exists(CryptDownloadState.PathFor(target)));

        // The stopped request is logged once the emulator has unwound it, which can be after the client gave up on it.
        for (var wait = 0; wait < 100 && (await http.GetStringAsync("_emulator/requests?route=files/download")) == "[]"; wait++) await Task.Delay(50);
        await http.DeleteAsync("_emulator/requests");
        await new CryptDownloader(_fx.Client.Files, Keys).DownloadAsync(uploaded.Rev!, target, resume: true, null, CancellationToken.None);

        Assert.Equal(plain, File.ReadAllBytes(target));
        Assert.False(File.Exists(partial));
        Assert.False(File.Exists(CryptDownloadState.PathFor(target)));
        using var log = JsonDocument.Parse(await http.GetStringAsync("_emulator/requests?route=files/download"));
        var request = Assert.Single(log.RootElement.EnumerateArray());
        Assert.Equal($"bytes={CryptFormat.BlockOffset(kept / CryptFormat.BlockDataSize)}-", request.GetProperty("range").GetString());
    }

    [Fact]
    public async Task APartialFileOfAnotherRevision_IsStartedOver()
    {
        var first = Path.Combine(_local, "first.bin");
        File.WriteAllBytes(first, Enumerable.Repeat((byte)1, 300_000).ToArray());
        var second = Path.Combine(_local, "second.bin");
        File.WriteAllBytes(second, Enumerable.Repeat((byte)2, 300_000).ToArray());
        var uploader = new CryptUploader(_fx.Client.Files, Keys, FileUploader.DefaultChunkSize);
        var old = await uploader.UploadAsync(first, new CommitInfo { Path = "/crypt-down/changed.bin" }, false, null, CancellationToken.None);
        var target = Path.Combine(_local, "changed-target.bin");
        using (var stop = new CancellationTokenSource())
        {
            var progress = new Progress(written => { if (written >= 65536) stop.Cancel(); });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                new CryptDownloader(_fx.Client.Files, Keys).DownloadAsync(old.Rev!, target, resume: false, progress, stop.Token));
        }
        var current = await uploader.UploadAsync(second, new CommitInfo { Path = "/crypt-down/changed.bin", Mode = new WriteModeArg { Mode = DropboxWriteMode.Overwrite } },
            false, null, CancellationToken.None);

        await new CryptDownloader(_fx.Client.Files, Keys).DownloadAsync(current.Rev!, target, resume: true, null, CancellationToken.None);

        Assert.Equal(File.ReadAllBytes(second), File.ReadAllBytes(target));
    }

    /// <summary>Reports synchronously, on the downloading thread (System.Progress posts to the thread pool).</summary>
    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
