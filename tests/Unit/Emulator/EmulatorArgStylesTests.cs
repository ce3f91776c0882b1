using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PSDropbox.Emulator;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>Upload/download argument decoding (Dropbox-API-Arg header / arg query), probed through test-only routes.</summary>
public sealed class EmulatorArgStylesTests
{
    private static async Task<(DropboxEmulator Emu, HttpClient Http, string Dir)> StartProbeAsync()
    {
        string dir = EmulatorHarness.NewTempDir();
        var emu = await DropboxEmulator.StartAsync(new EmulatorOptions
        {
            DataDirectory = dir,
            AccessToken = EmulatorHarness.Token,
            ExtraRoutes = t =>
            {
                t.Upload("test/upload_probe", async ctx =>
                {
                    string name = ctx.Args.RequireObject().RequireString("name");
                    using var ms = new MemoryStream();
                    await ctx.Http.Request.Body.CopyToAsync(ms);
                    await ctx.OkAsync(w => { w.WriteStartObject(); w.WriteString("name", name); w.WriteNumber("bytes", ms.Length); w.WriteEndObject(); });
                });
                t.Download("test/download_probe", async ctx =>
                {
                    string name = ctx.Args.RequireObject().RequireString("name");
                    ctx.Http.Response.Headers["Dropbox-API-Result"] = Http.ToHeaderJson(w => { w.WriteStartObject(); w.WriteString("name", name); w.WriteEndObject(); });
                    ctx.Http.Response.ContentType = "application/octet-stream";
                    await ctx.Http.Response.Body.WriteAsync("bytes"u8.ToArray());
                });
            },
        });
        var http = new HttpClient { BaseAddress = emu.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorHarness.Token);
        return (emu, http, dir);
    }

    [Fact]
    public async Task Upload_ArgFromEscapedHeader_AndFromQuery()
    {
        var (emu, http, dir) = await StartProbeAsync();
        using var _d = new DirCleanup(dir);
        await using var _e = emu;
        using var _h = http;
        using var req = new HttpRequestMessage(HttpMethod.Post, "2/test/upload_probe") { Content = new ByteArrayContent([1, 2, 3]) };
        req.Headers.Add("Dropbox-API-Arg", "{\"name\": \"some_\\u00fc\\u00f1\\u00eec\\u00f8d\\u00e9_and_\\u007f\"}");
        req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var resp = await http.SendAsync(req);
        var j = JsonDocument.Parse(await resp.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("some_üñîcødé_and_\u007f", j.GetProperty("name").GetString());
        Assert.Equal(3, j.GetProperty("bytes").GetInt32());

        var q = await http.PostAsync("2/test/upload_probe?arg=" + Uri.EscapeDataString("{\"name\":\"q\"}"),
            new ByteArrayContent([]) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } });
        Assert.Equal("q", JsonDocument.Parse(await q.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Upload_WrongContentType_AndBadHeaderJson_Are400()
    {
        var (emu, http, dir) = await StartProbeAsync();
        using var _d = new DirCleanup(dir);
        await using var _e = emu;
        using var _h = http;
        using var req = new HttpRequestMessage(HttpMethod.Post, "2/test/upload_probe") { Content = new StringContent("x", Encoding.UTF8, "application/json") };
        req.Headers.Add("Dropbox-API-Arg", "{\"name\":\"n\"}");
        var resp = await http.SendAsync(req);
        Assert.Equal(400, (int)resp.StatusCode);
        Assert.Equal("Error in call to API function \"test/upload_probe\": Bad HTTP \"Content-Type\" header: \"application/json; charset=utf-8\".  Expecting one of \"application/octet-stream\", \"text/plain; charset=dropbox-cors-hack\".",
            await resp.Content.ReadAsStringAsync());

        using var bad = new HttpRequestMessage(HttpMethod.Post, "2/test/upload_probe") { Content = new ByteArrayContent([]) };
        bad.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        bad.Headers.Add("Dropbox-API-Arg", "{name:");
        var badResp = await http.SendAsync(bad);
        Assert.Equal(400, (int)badResp.StatusCode);
        Assert.Equal("Error in call to API function \"test/upload_probe\": HTTP header \"Dropbox-API-Arg\": could not decode input as JSON", await badResp.Content.ReadAsStringAsync());

        using var missing = new HttpRequestMessage(HttpMethod.Post, "2/test/upload_probe") { Content = new ByteArrayContent([]) };
        missing.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        missing.Headers.Add("Dropbox-API-Arg", "{}");
        var missingResp = await http.SendAsync(missing);
        Assert.Equal("Error in call to API function \"test/upload_probe\": HTTP header \"Dropbox-API-Arg\": missing required field 'name'", await missingResp.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Download_ResultHeaderIsAsciiJson_BodyMustBeEmpty_GetWithQueryAuthWorks()
    {
        var (emu, http, dir) = await StartProbeAsync();
        using var _d = new DirCleanup(dir);
        await using var _e = emu;
        using var _h = http;
        using var req = new HttpRequestMessage(HttpMethod.Post, "2/test/download_probe");
        req.Headers.Add("Dropbox-API-Arg", "{\"name\":\"caf\\u00e9\"}");
        var resp = await http.SendAsync(req);
        Assert.Equal(200, (int)resp.StatusCode);
        string result = resp.Headers.GetValues("Dropbox-API-Result").Single();
        Assert.Matches(new Regex(@"^[\x20-\x7e]+$"), result);
        Assert.Equal("café", JsonDocument.Parse(result).RootElement.GetProperty("name").GetString());
        Assert.Equal("bytes", await resp.Content.ReadAsStringAsync());

        using var withBody = new HttpRequestMessage(HttpMethod.Post, "2/test/download_probe") { Content = new StringContent("x") };
        withBody.Headers.Add("Dropbox-API-Arg", "{\"name\":\"n\"}");
        var r2 = await http.SendAsync(withBody);
        Assert.Equal(400, (int)r2.StatusCode);
        Assert.Contains("The request body is supposed to be empty, but isn't", await r2.Content.ReadAsStringAsync());

        using var anon = new HttpClient { BaseAddress = emu.BaseUrl };
        var get = await anon.GetAsync($"2/test/download_probe?arg={Uri.EscapeDataString("{\"name\":\"g\"}")}&authorization=Bearer%20{EmulatorHarness.Token}");
        Assert.Equal(200, (int)get.StatusCode);
        var rpcGet = await anon.GetAsync($"2/files/list_folder?authorization=Bearer%20{EmulatorHarness.Token}");
        Assert.Equal(400, (int)rpcGet.StatusCode);
    }

    [Fact]
    public async Task Cli_PrintsOneReadyLine_ServesRequests_AndExitsCleanlyOnSigterm()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return; // SIGTERM via kill(1) is POSIX-only; Ctrl+C handling is covered by the host's console lifetime
        }
        string dll = Path.Combine(AppContext.BaseDirectory, "PSDropbox.Emulator.dll");
        string data = EmulatorHarness.NewTempDir();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { dll, "--port", "0", "--data", data, "--access-token", "cli-token" })
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        try
        {
            var lineTask = p.StandardOutput.ReadLineAsync();
            Assert.True(await Task.WhenAny(lineTask, Task.Delay(TimeSpan.FromSeconds(30))) == lineTask, "no ready line within 30 s");
            string line = (await lineTask)!;
            var m = Regex.Match(line, @"^PSDropbox emulator listening on (http://127\.0\.0\.1:(\d+))$");
            Assert.True(m.Success, line);
            Assert.NotEqual("0", m.Groups[2].Value);

            using var http = new HttpClient { BaseAddress = new Uri(m.Groups[1].Value + "/") };
            using var req = new HttpRequestMessage(HttpMethod.Post, "2/users/get_current_account");
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "cli-token");
            Assert.Equal(200, (int)(await http.SendAsync(req)).StatusCode);

            using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await p.WaitForExitAsync(cts.Token);
            Assert.Equal(0, p.ExitCode);
            Assert.Equal("", await p.StandardOutput.ReadToEndAsync()); // exactly one line on stdout
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }
            EmulatorHarness.DeleteDir(data);
        }
    }

    private sealed class DirCleanup(string dir) : IDisposable
    {
        public void Dispose() => EmulatorHarness.DeleteDir(dir);
    }
}
