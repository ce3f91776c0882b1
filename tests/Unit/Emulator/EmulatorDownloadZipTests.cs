using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>files/download_zip (§2.4): a streamed zip of the folder under its own name, FolderMetadata in the result header, limits.</summary>
public sealed class EmulatorDownloadZipTests
{
    private static Dictionary<string, byte[]> Entries(byte[] zipBytes)
    {
        using var zip = new ZipArchive(new MemoryStream(zipBytes), ZipArchiveMode.Read);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return m.ToArray();
        });
    }

    private static string Summary(TransferCalls.Download d) =>
        JsonDocument.Parse(d.Body).RootElement.GetProperty("error_summary").GetString()!;

    [Fact]
    public async Task Zip_HoldsTheTreeUnderTheFoldersName_StreamedWithoutALength_AndFolderMetadataInTheResult()
    {
        await using var h = await StartAsync();
        var big = TransferCalls.Bytes(300_000, seed: 3);
        var small = "hello"u8.ToArray();
        await h.UploadOkAsync("/Photos/big.bin", big, extra: ",\"client_modified\":\"2021-03-04T05:06:08Z\"");
        await h.UploadOkAsync("/Photos/Sub/Ünï 😀.txt", small);
        await h.CreateFolderAsync("/Photos/Empty");
        await h.UploadOkAsync("/Other/outside.txt", small);

        var d = await h.DownloadAsync("{\"path\":\"/photos\"}", route: "files/download_zip");

        Assert.Equal(200, d.Status);
        Assert.Equal("application/zip", d.Message.Content.Headers.ContentType?.MediaType);
        Assert.True(d.Message.Headers.TransferEncodingChunked); // written as it is made: no length known up front
        Assert.Matches(new Regex(@"^[\x20-\x7e]+$"), d.Result);
        var metadata = JsonDocument.Parse(d.Result).RootElement.GetProperty("metadata");
        Assert.Equal(["name", "path_lower", "path_display", "id"], PropertyNames(metadata));
        Assert.Equal("/Photos", metadata.GetProperty("path_display").GetString());

        var entries = Entries(d.Body);
        Assert.Equal(["Photos/", "Photos/Empty/", "Photos/Sub/", "Photos/Sub/Ünï 😀.txt", "Photos/big.bin"], entries.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(big, entries["Photos/big.bin"]);
        Assert.Equal(small, entries["Photos/Sub/Ünï 😀.txt"]);
        using var zip = new ZipArchive(new MemoryStream(d.Body));
        Assert.Equal(new DateTime(2021, 3, 4, 5, 6, 8), zip.GetEntry("Photos/big.bin")!.LastWriteTime.DateTime);
    }

    [Fact]
    public async Task EmptyFolder_IsAZipOfTheFolderEntryAlone()
    {
        await using var h = await StartAsync();
        await h.CreateFolderAsync("/Nothing");
        var d = await h.DownloadAsync("{\"path\":\"/Nothing\"}", route: "files/download_zip");
        Assert.Equal(200, d.Status);
        Assert.Equal(["Nothing/"], Entries(d.Body).Keys);
    }

    [Fact]
    public async Task Range_IsIgnored_TheWholeZipComesWith200()
    {
        await using var h = await StartAsync();
        await h.UploadOkAsync("/R/a.txt", TransferCalls.Bytes(5000));
        var d = await h.DownloadAsync("{\"path\":\"/R\"}", range: "bytes=100-", route: "files/download_zip");
        Assert.Equal(200, d.Status);
        Assert.Null(d.Message.Content.Headers.ContentRange);
        Assert.Equal(TransferCalls.Bytes(5000), Entries(d.Body)["R/a.txt"]);
    }

    [Fact]
    public async Task Get_WithTheArgQueryParameter_Works()
    {
        await using var h = await StartAsync();
        await h.UploadOkAsync("/G/a.txt", "abc"u8.ToArray());
        using var anon = new HttpClient { BaseAddress = h.Emulator.BaseUrl };
        var get = await anon.GetAsync($"2/files/download_zip?arg={Uri.EscapeDataString("{\"path\":\"/G\"}")}&authorization=Bearer%20{Token}");
        Assert.Equal(200, (int)get.StatusCode);
        Assert.Equal("abc"u8.ToArray(), Entries(await get.Content.ReadAsByteArrayAsync())["G/a.txt"]);
    }

    [Fact]
    public async Task Missing_IsNotFound_AFile_IsNotFolder()
    {
        await using var h = await StartAsync();
        await h.UploadOkAsync("/f.txt", "x"u8.ToArray());
        var missing = await h.DownloadAsync("{\"path\":\"/nope\"}", route: "files/download_zip");
        Assert.Equal(409, missing.Status);
        Assert.Matches(new Regex(@"^path/not_found/\.{0,3}$"), Summary(missing));
        var file = await h.DownloadAsync("{\"path\":\"/f.txt\"}", route: "files/download_zip");
        Assert.Equal(409, file.Status);
        Assert.Matches(new Regex(@"^path/not_folder/\.{0,3}$"), Summary(file));
    }

    [Fact]
    public async Task Limits_FromTheOptions_GiveTooLargeAndTooManyFiles()
    {
        await using var h = await StartAsync(configure: o =>
        {
            o.DownloadZipMaxBytes = 1000;
            o.DownloadZipMaxEntries = 3;
        });
        await h.UploadOkAsync("/Fits/a.txt", TransferCalls.Bytes(600));
        await h.UploadOkAsync("/Fits/b.txt", TransferCalls.Bytes(400, seed: 2));
        Assert.Equal(200, (await h.DownloadAsync("{\"path\":\"/Fits\"}", route: "files/download_zip")).Status);

        await h.UploadOkAsync("/Big/a.txt", TransferCalls.Bytes(1001));
        var big = await h.DownloadAsync("{\"path\":\"/Big\"}", route: "files/download_zip");
        Assert.Equal(409, big.Status);
        Assert.Matches(new Regex(@"^too_large/\.{0,3}$"), Summary(big));

        await h.CreateFolderAsync("/Many/x");
        await h.CreateFolderAsync("/Many/y");
        await h.CreateFolderAsync("/Many/z");
        var many = await h.DownloadAsync("{\"path\":\"/Many\"}", route: "files/download_zip");
        Assert.Equal(409, many.Status);
        Assert.Matches(new Regex(@"^too_many_files/\.{0,3}$"), Summary(many));
    }

    [Fact]
    public async Task Limits_CanBeChangedThroughTheAdminApi()
    {
        await using var h = await StartAsync();
        await h.UploadOkAsync("/L/a.txt", TransferCalls.Bytes(10));
        var set = await h.Http.PostAsync("_emulator/download_zip_limits", new StringContent("{\"max_entries\":1}", Encoding.UTF8, "application/json"));
        Assert.Equal("{\"max_bytes\":21474836480,\"max_entries\":1}", await set.Content.ReadAsStringAsync());
        Assert.Matches(new Regex(@"^too_many_files/"), Summary(await h.DownloadAsync("{\"path\":\"/L\"}", route: "files/download_zip")));
        foreach (var body in new[] { "{\"max_bytes\":-1}", "not json", "[1]" })
        {
            var bad = await h.Http.PostAsync("_emulator/download_zip_limits", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.True(400 == (int)bad.StatusCode, body);
        }
    }
}
