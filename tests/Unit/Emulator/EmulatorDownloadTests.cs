using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>files/download: Dropbox-API-Result, Range → 206/416, GET with arg, errors (§1.6, §2.4).</summary>
public sealed class EmulatorDownloadTests
{
    [Fact]
    public async Task Download_ReturnsTheBytes_AndFileMetadataInAnAsciiResultHeader()
    {
        await using var h = await StartAsync();
        var data = TransferCalls.Bytes(5000);
        var meta = await h.UploadOkAsync("/Fotos/café 😀.bin", data, extra: ",\"client_modified\":\"2020-01-02T03:04:05Z\"");
        var d = await h.DownloadAsync("{\"path\":\"/fotos/CAF\\u00c9 \\ud83d\\ude00.bin\"}");
        Assert.Equal(200, d.Status);
        Assert.Equal(data, d.Body);
        Assert.Equal("application/octet-stream", d.Message.Content.Headers.ContentType?.MediaType);
        Assert.Equal(5000, d.Message.Content.Headers.ContentLength);
        Assert.Matches(new Regex(@"^[\x20-\x7e]+$"), d.Result);
        Assert.Contains("\\u00e9", d.Result, StringComparison.OrdinalIgnoreCase);
        var result = JsonDocument.Parse(d.Result).RootElement;
        Assert.Equal(PropertyNames(meta), PropertyNames(result));
        Assert.Equal("/Fotos/café 😀.bin", result.GetProperty("path_display").GetString());
        Assert.Equal(meta.GetProperty("rev").GetString(), result.GetProperty("rev").GetString());
        Assert.Equal("2020-01-02T03:04:05Z", result.GetProperty("client_modified").GetString());
    }

    [Theory]
    [InlineData("bytes=10-19", 10, 19)]
    [InlineData("bytes=4990-", 4990, 4999)]
    [InlineData("bytes=-7", 4993, 4999)]
    [InlineData("bytes=4995-9999", 4995, 4999)]
    public async Task Range_Is206_WithContentRange_AndTheWholeFileInTheResult(string range, int first, int last)
    {
        await using var h = await StartAsync();
        var data = TransferCalls.Bytes(5000);
        await h.UploadOkAsync("/r.bin", data);
        var d = await h.DownloadAsync("{\"path\":\"/r.bin\"}", range);
        Assert.Equal(206, d.Status);
        Assert.Equal($"bytes {first}-{last}/5000", d.Message.Content.Headers.ContentRange?.ToString());
        Assert.Equal(data[first..(last + 1)], d.Body);
        Assert.Equal(5000, JsonDocument.Parse(d.Result).RootElement.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Range_BeyondTheEnd_Is416()
    {
        await using var h = await StartAsync();
        await h.UploadOkAsync("/r.bin", TransferCalls.Bytes(100));
        var d = await h.DownloadAsync("{\"path\":\"/r.bin\"}", "bytes=100-");
        Assert.Equal(416, d.Status);
        Assert.Equal("bytes */100", d.Message.Content.Headers.ContentRange?.ToString());
    }

    [Fact]
    public async Task Get_WithArgAndAuthorizationQuery_Works_AndOldRevsDownload()
    {
        await using var h = await StartAsync();
        var v1 = await h.UploadOkAsync("/v.txt", "version one"u8.ToArray());
        await h.UploadOkAsync("/v.txt", "version two"u8.ToArray(), "\"overwrite\"");
        using var anon = new HttpClient { BaseAddress = h.Emulator.BaseUrl };
        var get = await anon.GetAsync($"2/files/download?arg={Uri.EscapeDataString("{\"path\":\"/v.txt\"}")}&authorization=Bearer%20{Token}");
        Assert.Equal(200, (int)get.StatusCode);
        Assert.Equal("version two", await get.Content.ReadAsStringAsync());
        var old = await h.DownloadAsync($"{{\"path\":\"rev:{v1.GetProperty("rev").GetString()}\"}}");
        Assert.Equal("version one", old.Text);
        Assert.Equal(v1.GetProperty("rev").GetString(), JsonDocument.Parse(old.Result).RootElement.GetProperty("rev").GetString());
    }

    [Fact]
    public async Task Folder_IsNotFile_Missing_IsNotFound_BodyMustBeEmpty()
    {
        await using var h = await StartAsync();
        await h.CreateFolderAsync("/dir");
        var folder = await h.DownloadAsync("{\"path\":\"/dir\"}");
        Assert.Equal(409, folder.Status);
        Assert.Matches(new Regex(@"^path/not_file/\.{0,3}$"), JsonDocument.Parse(folder.Body).RootElement.GetProperty("error_summary").GetString());
        var missing = await h.DownloadAsync("{\"path\":\"/nope.txt\"}");
        Assert.Matches(new Regex(@"^path/not_found/\.{0,3}$"), JsonDocument.Parse(missing.Body).RootElement.GetProperty("error_summary").GetString());

        using var req = new HttpRequestMessage(HttpMethod.Post, "2/files/download") { Content = new ByteArrayContent([1]) };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        req.Headers.TryAddWithoutValidation("Dropbox-API-Arg", "{\"path\":\"/dir\"}");
        var resp = await h.Http.SendAsync(req);
        Assert.Equal(400, (int)resp.StatusCode);
    }

    [Fact]
    public async Task IfNoneMatch_TheCurrentRev_Is304()
    {
        await using var h = await StartAsync();
        var meta = await h.UploadOkAsync("/e.txt", "etag"u8.ToArray());
        using var req = new HttpRequestMessage(HttpMethod.Post, "2/files/download");
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        req.Headers.TryAddWithoutValidation("Dropbox-API-Arg", "{\"path\":\"/e.txt\"}");
        req.Headers.TryAddWithoutValidation("If-None-Match", $"\"{meta.GetProperty("rev").GetString()}\"");
        var resp = await h.Http.SendAsync(req);
        Assert.Equal(304, (int)resp.StatusCode);
        Assert.Empty(await resp.Content.ReadAsByteArrayAsync());
    }
}
