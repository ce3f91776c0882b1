using System.Net;
using System.Text;
using System.Text.Json;
using PSDropbox.Client;
using PSDropbox.Emulator;
using PSDropbox.Emulator.Edge;
using PSDropbox.Transport;

namespace PSDropbox.Tests.Unit.Client;

/// <summary>RawClient (Invoke-DropboxApi) in all three endpoint styles, against the emulator with probe routes.</summary>
public sealed class RawClientTests : IAsyncLifetime
{
    private const string Token = "sl.raw-client-test-token";
    private readonly string _data = Directory.CreateTempSubdirectory("psdropbox-raw-").FullName;
    private DropboxEmulator _emulator = null!;
    private DropboxClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await DropboxEmulator.StartAsync(new EmulatorOptions
        {
            DataDirectory = _data,
            AccessToken = Token,
            ExtraRoutes = t =>
            {
                t.Upload("test/upload_probe", async ctx =>
                {
                    string name = ctx.Args.RequireObject().RequireString("name");
                    using var body = new MemoryStream();
                    await ctx.Http.Request.Body.CopyToAsync(body);
                    await ctx.OkAsync(w => { w.WriteStartObject(); w.WriteString("name", name); w.WriteString("body", Encoding.UTF8.GetString(body.ToArray())); w.WriteEndObject(); });
                });
                t.Rpc("test/headers_probe", ctx => ctx.OkAsync(w => EchoHeaders(w, ctx.Http.Request.Headers)));
                t.Upload("test/upload_headers_probe", ctx => ctx.OkAsync(w => EchoHeaders(w, ctx.Http.Request.Headers)));
                t.Download("test/download_headers_probe", async ctx =>
                {
                    ctx.Http.Response.Headers["Dropbox-API-Result"] = Http.ToHeaderJson(w => EchoHeaders(w, ctx.Http.Request.Headers));
                    ctx.Http.Response.ContentType = "application/octet-stream";
                    await ctx.Http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("x"));
                });
                t.Download("test/download_probe", async ctx =>
                {
                    string name = ctx.Args.RequireObject().RequireString("name");
                    ctx.Http.Response.Headers["Dropbox-API-Result"] = Http.ToHeaderJson(w => { w.WriteStartObject(); w.WriteString("name", name); w.WriteEndObject(); });
                    ctx.Http.Response.ContentType = "application/octet-stream";
                    await ctx.Http.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("content of " + name));
                });
            },
        });
        _client = new DropboxClient(new DropboxTransport(DropboxEndpoints.SingleBase(_emulator.BaseUrl), new StaticTokenSource(Token)));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Theory]
    [InlineData("files/get_metadata", "files/get_metadata")]
    [InlineData("/2/files/list_folder/continue", "files/list_folder/continue")]
    [InlineData(" 2/users/get_current_account ", "users/get_current_account")]
    public void RouteNames_AreNormalized(string given, string expected) => Assert.Equal(expected, RawClient.NormalizeRoute(given));

    [Theory]
    [InlineData("get_metadata")]
    [InlineData("files/")]
    [InlineData("/")]
    [InlineData("files/get metadata")]
    public void MalformedRouteNames_AreRefused(string given) => Assert.Throws<ArgumentException>(() => RawClient.NormalizeRoute(given));

    private static void EchoHeaders(Utf8JsonWriter w, Microsoft.AspNetCore.Http.IHeaderDictionary headers)
    {
        w.WriteStartObject();
        foreach (var name in new[] { "X-Probe", "Dropbox-API-Path-Root", "Authorization" })
            if (headers.TryGetValue(name, out var value)) w.WriteString(name, value.ToString());
        w.WriteEndObject();
    }

    [Fact]
    public async Task Extra_headers_reach_the_server_in_all_three_styles_beside_the_connections_authorization()
    {
        var headers = new RequestHeaders();
        headers.Add("X-Probe", "one");
        headers.Add("Dropbox-API-Path-Root", "{\".tag\": \"home\"}");

        var rpc = JsonDocument.Parse(await _client.Raw.RpcAsync("test/headers_probe", null, CancellationToken.None, headers)).RootElement;
        var upload = JsonDocument.Parse(await _client.Raw.UploadAsync("test/upload_headers_probe", "{}", new MemoryStream([1]), CancellationToken.None, headers)).RootElement;
        var download = JsonDocument.Parse(await _client.Raw.DownloadAsync("test/download_headers_probe", "{}", new MemoryStream(), CancellationToken.None, headers)).RootElement;

        foreach (var echo in new[] { rpc, upload, download })
        {
            Assert.Equal("one", echo.GetProperty("X-Probe").GetString());
            Assert.Equal("{\".tag\": \"home\"}", echo.GetProperty("Dropbox-API-Path-Root").GetString());
            Assert.Equal("Bearer " + Token, echo.GetProperty("Authorization").GetString());
        }
    }

    [Theory]
    [InlineData("Authorization", "Bearer x", "set by the connection")]
    [InlineData("dropbox-api-arg", "{}", "set by the connection")]
    [InlineData("Content-Type", "text/plain", "set by the connection")]
    [InlineData("Bad Name", "x", "not a header name")]
    [InlineData("X-Probe", "one\r\nX-Injected: two", "one line of ASCII")]
    [InlineData("X-Probe", "caf\u00e9", "one line of ASCII")]
    public void Extra_headers_that_cannot_be_sent_are_refused_with_their_name(string name, string value, string why)
    {
        value = System.Text.RegularExpressions.Regex.Unescape(value);
        var e = Assert.ThrowsAny<ArgumentException>(() => new RequestHeaders().Add(name, value));
        Assert.Contains(why, e.Message);
    }

    [Fact]
    public void An_extra_header_given_twice_is_refused()
    {
        var headers = new RequestHeaders();
        headers.Add("X-Probe", "a");
        Assert.Contains("given twice", Assert.Throws<ArgumentException>(() => headers.Add("x-probe", "b")).Message);
    }

    [Fact]
    public async Task Rpc_VoidArgument_AndJsonResult()
    {
        using var account = JsonDocument.Parse(await _client.Raw.RpcAsync("users/get_current_account", null, CancellationToken.None));
        Assert.StartsWith("dbid:", account.RootElement.GetProperty("account_id").GetString());
    }

    [Fact]
    public async Task Rpc_RouteError_IsTheTypedException()
    {
        var e = await Assert.ThrowsAsync<DropboxApiException>(() => _client.Raw.RpcAsync("files/get_metadata", "{\"path\":\"/none\"}", CancellationToken.None));
        Assert.Equal(HttpStatusCode.Conflict, e.StatusCode);
        Assert.Equal("path/not_found", e.TagPath);
    }

    [Fact]
    public async Task Upload_SendsTheArgumentInTheHeader_AndTheStreamAsBody()
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes("payload"));
        using var result = JsonDocument.Parse(await _client.Raw.UploadAsync("test/upload_probe", "{\"name\":\"ünïcode\"}", body, CancellationToken.None));
        Assert.Equal("ünïcode", result.RootElement.GetProperty("name").GetString());
        Assert.Equal("payload", result.RootElement.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Download_StreamsTheBody_AndReturnsTheResultHeader()
    {
        using var destination = new MemoryStream();
        using var result = JsonDocument.Parse(await _client.Raw.DownloadAsync("test/download_probe", "{\"name\":\"x.bin\"}", destination, CancellationToken.None));
        Assert.Equal("x.bin", result.RootElement.GetProperty("name").GetString());
        Assert.Equal("content of x.bin", Encoding.UTF8.GetString(destination.ToArray()));
    }

    [Fact]
    public async Task Download_Failure_WritesNothing()
    {
        using var destination = new MemoryStream();
        await Assert.ThrowsAsync<DropboxBadRequestException>(() => _client.Raw.DownloadAsync("test/download_probe", "{}", destination, CancellationToken.None));
        Assert.Equal(0, destination.Length);
    }

    [Fact]
    public async Task Batches_PollTheJob_AndReturnOneOutcomePerEntry_InOrder()
    {
        var files = _client.Files;
        await files.CreateFolderAsync("/batch/a", false, CancellationToken.None);
        await files.CreateFolderAsync("/batch/b", false, CancellationToken.None);
        var copies = await files.CopyBatchAsync(
            [new("/batch/a", "/copies/a"), new("/batch/missing", "/copies/m"), new("/batch/b", "/copies/b")], false, CancellationToken.None);
        Assert.Equal("/copies/a", Assert.IsType<DropboxFolder>(copies[0].Item).Path);
        Assert.Equal("relocation_error/from_lookup/not_found", copies[1].Error!.TagPath);
        Assert.Null(copies[1].Item);
        Assert.Equal("/copies/b", copies[2].Item!.Path);

        var deletes = await files.DeleteBatchAsync([new("/copies/a", null), new("/copies/a", null)], CancellationToken.None);
        Assert.Equal("/copies/a", deletes[0].Item!.Path);
        Assert.Equal("path_lookup/not_found", deletes[1].Error!.TagPath);
    }

    [Fact]
    public void UnionTags_ReadNestedAndCompactUnions()
    {
        using var nested = JsonDocument.Parse("{\".tag\":\"relocation_error\",\"relocation_error\":{\".tag\":\"to\",\"to\":{\".tag\":\"conflict\",\"conflict\":{\".tag\":\"file\"}}}}");
        Assert.Equal(["relocation_error", "to", "conflict", "file"], FilesClient.UnionTags(nested.RootElement));
        using var compact = JsonDocument.Parse("{\".tag\":\"path_lookup\",\"path_lookup\":\"not_found\"}");
        Assert.Equal(["path_lookup", "not_found"], FilesClient.UnionTags(compact.RootElement));
    }
}
