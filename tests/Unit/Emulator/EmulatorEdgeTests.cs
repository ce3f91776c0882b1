using System.Text.Json;
using System.Text.RegularExpressions;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

public sealed class EmulatorEdgeTests
{
    [Fact]
    public async Task UnknownRoute_Is400PlainText()
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/nope", "{}");
        Assert.Equal(400, r.Status);
        Assert.Equal("text/plain", r.MediaType);
        Assert.Equal("utf-8", r.Charset);
        Assert.Equal("Unknown API function: \"files/nope\"", r.Body);
    }

    [Fact]
    public async Task MissingAuthorization_Is400WithDropboxText()
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/list_folder", "{\"path\":\"\"}", token: null);
        Assert.Equal(400, r.Status);
        Assert.Equal("text/plain", r.MediaType);
        Assert.Equal("Error in call to API function \"files/list_folder\": Must provide HTTP header \"Authorization\" or URL parameter \"authorization\".", r.Body);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Basic abc")]
    [InlineData("Bearer a b")]
    public async Task MalformedAuthorization_Is400(string value)
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("users/get_current_account", null, authorization: value);
        Assert.Equal(400, r.Status);
        Assert.Equal("text/plain", r.MediaType);
        Assert.Contains("Invalid authorization value in HTTP header \"Authorization\"", r.Body);
        Assert.Contains("Expecting \"Bearer <oauth2-access-token>\"", r.Body);
    }

    [Fact]
    public async Task UnknownToken_Is401Json()
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/list_folder", "{\"path\":\"\"}", token: "not-a-token");
        Assert.Equal(401, r.Status);
        Assert.Equal("application/json", r.MediaType);
        var j = r.Json;
        Assert.Matches(new Regex(@"^invalid_access_token/\.{0,3}$"), j.GetProperty("error_summary").GetString());
        Assert.Equal("{\".tag\":\"invalid_access_token\"}", j.GetProperty("error").GetRawText());
    }

    [Fact]
    public async Task TokenInUrlParameter_IsAccepted()
    {
        await using var h = await StartAsync();
        var resp = await h.Http.PostAsync($"2/users/get_space_usage?authorization=Bearer%20{Token}", null);
        Assert.Equal(200, (int)resp.StatusCode);
    }

    [Theory]
    [InlineData(null, null)]                                      // JS SDK: no body, no Content-Type
    [InlineData("null", "application/json")]                      // Python/.NET SDKs
    [InlineData("null", "application/json; charset=utf-8")]
    [InlineData("null", "text/plain; charset=dropbox-cors-hack")]
    [InlineData("", "application/json")]
    public async Task VoidRoute_AcceptsAllSdkEncodings(string? body, string? contentType)
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("users/get_current_account", body, contentType);
        Assert.Equal(200, r.Status);
        Assert.StartsWith("dbid:", r.Json.GetProperty("account_id").GetString());
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("text/plain; charset=dropbox-cors-hack")]
    [InlineData("application/json")]
    public async Task RpcContentTypes_Accepted(string contentType)
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/list_folder", "{\"path\":\"\"}", contentType);
        Assert.Equal(200, r.Status);
    }

    [Theory]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    public async Task WrongContentType_Is400(string contentType)
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/list_folder", "{\"path\":\"\"}", contentType);
        Assert.Equal(400, r.Status);
        Assert.Equal("text/plain", r.MediaType);
        Assert.Equal($"Error in call to API function \"files/list_folder\": Bad HTTP \"Content-Type\" header: \"{contentType}\".  Expecting one of \"application/json\", \"text/plain; charset=dropbox-cors-hack\".", r.Body);
    }

    [Fact]
    public async Task NonVoidRoute_WithoutBody_Is400()
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/list_folder", null, null);
        Assert.Equal(400, r.Status);
        Assert.StartsWith("Error in call to API function \"files/list_folder\": ", r.Body);
    }

    [Theory]
    [InlineData("{\"path\":", "request body: could not decode input as JSON")]
    [InlineData("{}", "request body: missing required field 'path'")]
    [InlineData("{\"path\":5}", "request body: path: expected string, got integer")]
    [InlineData("[1]", "request body: expected object, got list")]
    [InlineData("{\"path\":\"\",\"limit\":0}", "request body: limit: 0 is not greater than or equal to 1")]
    [InlineData("{\"path\":\"\",\"recursive\":\"yes\"}", "request body: recursive: expected boolean, got string")]
    public async Task BadArguments_Are400PlainText(string body, string reason)
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/list_folder", body);
        Assert.Equal(400, r.Status);
        Assert.Equal("text/plain", r.MediaType);
        Assert.Equal($"Error in call to API function \"files/list_folder\": {reason}", r.Body);
    }

    [Fact]
    public async Task UnknownFields_AreIgnored()
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/list_folder", "{\"path\":\"\",\"some_future_field\":{\"x\":1}}");
        Assert.Equal(200, r.Status);
    }

    [Fact]
    public async Task EveryResponse_CarriesRequestId()
    {
        await using var h = await StartAsync();
        foreach (var (route, body) in new[] { ("users/get_space_usage", (string?)null), ("files/get_metadata", "{\"path\":\"\"}"), ("files/get_metadata", "{\"path\":\"/x\"}"), ("x/y", "{}") })
        {
            var r = await h.CallAsync(route, body, body is null ? null : "application/json");
            Assert.True(r.Message.Headers.TryGetValues("X-Dropbox-Request-Id", out var values), route);
            Assert.Matches(new Regex("^[0-9a-f]{32}$"), values!.Single());
        }
    }

    [Fact]
    public void UnionArgs_AcceptShortAndObjectForms()
    {
        var root = JsonDocument.Parse("{\"a\":\"add\",\"b\":{\".tag\":\"update\",\"update\":\"0123456789\"},\"c\":5}").RootElement;
        var args = new ArgReader(root, "files/upload", "HTTP header \"Dropbox-API-Arg\"");
        Assert.Equal("add", args.OptionalUnion("a")!.Value.Tag);
        var b = args.OptionalUnion("b")!.Value;
        Assert.Equal("update", b.Tag);
        Assert.Equal("0123456789", b.Value.GetProperty("update").GetString());
        Assert.Null(args.OptionalUnion("missing"));
        var ex = Assert.Throws<BadRequestException>(() => args.OptionalUnion("c"));
        Assert.StartsWith("Error in call to API function \"files/upload\": HTTP header \"Dropbox-API-Arg\": c: ", ex.Message);
    }

    [Fact]
    public void ErrorValue_NestsUnionsAndBuildsSummaryPath()
    {
        var e = ErrorValue.Chain("path", "conflict", "folder");
        Assert.Equal("path/conflict/folder", e.SummaryPath);
        string json = System.Text.Encoding.UTF8.GetString(Http.ToJsonBytes(e.Write));
        Assert.Equal("{\".tag\":\"path\",\"path\":{\".tag\":\"conflict\",\"conflict\":{\".tag\":\"folder\"}}}", json);
    }

    [Fact]
    public void HeaderJson_EscapesNonAsciiAndDel()
    {
        string s = Http.ToHeaderJson(w => { w.WriteStartObject(); w.WriteString("field", "some_üñîcødé_and_\u007f"); w.WriteEndObject(); });
        Assert.All(s, c => Assert.InRange(c, (char)0x20, (char)0x7e));
        Assert.Contains("\\u00FC", s, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\\u007F", s, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("some_üñîcødé_and_\u007f", JsonDocument.Parse(s).RootElement.GetProperty("field").GetString());
    }
}
