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
        await new CryptUploader(_fx.Client.Files, Keys, FileUploader.DefaultChunkSize).UploadAsync(source, new CommitInfo { Path = path }, false, null,
            CancellationToken.None);
        using var http = new HttpClient { BaseAddress = _fx.Emulator.BaseUrl };
        await http.DeleteAsync("_emulator/requests");
        await http.PostAsync("_emulator/faults", new StringContent("{\"spec\":\"cut=1,cutside=response,count=2,routes=files/download\",\"seed\":3}",
            Encoding.UTF8, "application/json"));
        var target = Path.Combine(_local, "target.bin");

        try
        {
            await new CryptDownloader(_fx.Client.Files, Keys).DownloadAsync(path, target, null, CancellationToken.None);
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
}
