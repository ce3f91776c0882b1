using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PSDropbox.Emulator;
using Xunit;

namespace PSDropbox.Tests.Conformance;

/// <summary>One emulator with its TLS proxy on, shared by the real-client tests below (a subclass may configure it further).</summary>
public class TlsProxyEmulator : IAsyncLifetime
{
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "psdbx-tlsproxy", Guid.NewGuid().ToString("N"));
    public string Token { get; } = "sl.PSDTLS." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
    public DropboxEmulator Emulator { get; private set; } = null!;
    public HttpClient Direct { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions { Port = 0, DataDirectory = DataDir, AccessToken = Token, TlsProxyPort = 0 };
        Configure(options);
        Emulator = await DropboxEmulator.StartAsync(options);
        Direct = new HttpClient { BaseAddress = Emulator.BaseUrl };
        Direct.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    protected virtual void Configure(EmulatorOptions options)
    {
    }

    /// <summary>An RPC call straight to the emulator's plain-http URL (to check what the clients did).</summary>
    public async Task<JsonElement> RpcAsync(string route, object? args)
    {
        using var response = await Direct.PostAsync("2/" + route, new StringContent(JsonSerializer.Serialize(args), Encoding.UTF8, "application/json"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{route}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The environment a client needs to reach Dropbox's hostnames through the proxy (and nothing else through it).</summary>
    public void AddProxyEnvironment(ProcessStartInfo psi)
    {
        string proxy = Emulator.TlsProxyUrl!.GetLeftPart(UriPartial.Authority);
        foreach (var name in new[] { "HTTPS_PROXY", "https_proxy" })
        {
            psi.Environment[name] = proxy;
        }
        foreach (var name in new[] { "NO_PROXY", "no_proxy" })
        {
            psi.Environment[name] = "127.0.0.1,localhost";
        }
        foreach (var name in new[] { "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy" })
        {
            psi.Environment.Remove(name);
        }
    }

    public async Task DisposeAsync()
    {
        Direct.Dispose();
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// Clients nobody on this team wrote reach the emulator the way they reach Dropbox: over https to Dropbox's hostnames,
/// through the emulator's TLS proxy (--tls-proxy-port), trusting its CA. Missing tools fail with what to install.
/// </summary>
public sealed class ThroughTlsProxyTests(TlsProxyEmulator emu) : IClassFixture<TlsProxyEmulator>, IDisposable
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromMinutes(2);
    private readonly string _work = Directory.CreateTempSubdirectory("psdbx-tlsproxy-client-").FullName;

    [Fact]
    public async Task PythonSdk_AccountUploadDownloadList()
    {
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        string script = Path.Combine(ScenarioProcess.ProjectDir, "python", "sdk_through_tls_proxy.py");
        byte[] data = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 5);
        string local = Path.Combine(_work, "sdk.bin");
        await File.WriteAllBytesAsync(local, data);

        var psi = Start(python, script, emu.Token, local, "/python");
        psi.Environment["REQUESTS_CA_BUNDLE"] = emu.Emulator.TlsCaCertificatePath!; // the SDK's own ca_certs loses to this variable
        var (exit, stdout, stderr) = await RunAsync(psi, "the official Dropbox Python SDK: apt-get install python3-dropbox (Debian; it runs with /usr/bin/python3)");
        Assert.True(exit == 0, stderr.Contains("No module named 'dropbox'", StringComparison.Ordinal)
            ? $"The official Dropbox Python SDK is not installed for {python}: apt-get install python3-dropbox.\n{stderr}"
            : $"{python} {script} exited with {exit}.\n{stderr}");

        var result = JsonDocument.Parse(stdout).RootElement;
        var account = await emu.RpcAsync("users/get_current_account", null);
        Assert.Equal(account.GetProperty("account_id").GetString(), result.GetProperty("account_id").GetString());
        Assert.Equal(account.GetProperty("email").GetString(), result.GetProperty("email").GetString());

        var stored = await emu.RpcAsync("files/get_metadata", new { path = "/python/sdk.bin" });
        var uploaded = result.GetProperty("uploaded");
        Assert.Equal("/python/sdk.bin", uploaded.GetProperty("path_display").GetString());
        Assert.Equal(data.Length, uploaded.GetProperty("size").GetInt64());
        Assert.Equal(stored.GetProperty("content_hash").GetString(), uploaded.GetProperty("content_hash").GetString());

        Assert.Equal(stored.GetProperty("rev").GetString(), result.GetProperty("downloaded").GetProperty("rev").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), result.GetProperty("downloaded").GetProperty("sha256").GetString());
        Assert.Equal(["sdk.bin"], result.GetProperty("listed").EnumerateArray().Select(e => e.GetString()));
        Assert.False(result.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task Rclone_ListsCopiesATreeUpAndBack_AndChecksIt()
    {
        await emu.RpcAsync("files/create_folder_v2", new { path = "/made-before-rclone" });
        string tree = Path.Combine(_work, "tree");
        var files = new Dictionary<string, byte[]>
        {
            ["a.txt"] = Encoding.UTF8.GetBytes("alpha\n"),
            ["café ünïcode.txt"] = Encoding.UTF8.GetBytes("non-ASCII name\n"),
            ["sub/b.bin"] = RandomNumberGenerator.GetBytes(1024 * 1024 + 3),
            ["sub/deeper/c.txt"] = Encoding.UTF8.GetBytes("gamma\n"),
        };
        foreach (var (rel, bytes) in files)
        {
            string path = Path.Combine(tree, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, bytes);
        }

        var (listing, _) = await RcloneAsync("lsjson", "emu:");
        var names = JsonDocument.Parse(listing).RootElement.EnumerateArray().Select(e => e.GetProperty("Name").GetString()).ToList();
        Assert.Contains("made-before-rclone", names);

        await RcloneAsync("copy", tree, "emu:rclone/tree");
        foreach (var (rel, bytes) in files)
        {
            var stored = await emu.RpcAsync("files/get_metadata", new { path = "/rclone/tree/" + rel });
            Assert.Equal(bytes.Length, stored.GetProperty("size").GetInt64());
        }

        var (_, checkLog) = await RcloneAsync("check", tree, "emu:rclone/tree");
        Assert.Contains("0 differences found", checkLog);
        Assert.Contains($"{files.Count} matching files", checkLog);

        string back = Path.Combine(_work, "back");
        await RcloneAsync("copy", "emu:rclone/tree", back);
        foreach (var (rel, bytes) in files)
        {
            Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(back, rel)));
        }
        Assert.Equal(files.Count, Directory.GetFiles(back, "*", SearchOption.AllDirectories).Length);
    }

    private async Task<(string Stdout, string Stderr)> RcloneAsync(params string[] args)
    {
        var psi = Start("rclone", [.. args, "--config", Path.Combine(_work, "rclone.conf"), "--ca-cert", emu.Emulator.TlsCaCertificatePath!]);
        psi.Environment["RCLONE_CONFIG_EMU_TYPE"] = "dropbox";
        psi.Environment["RCLONE_CONFIG_EMU_TOKEN"] = JsonSerializer.Serialize(new
        {
            access_token = emu.Token,
            token_type = "bearer",
            expiry = "2099-01-01T00:00:00Z",
        });
        var (exit, stdout, stderr) = await RunAsync(psi, "rclone: apt-get install rclone (Debian's 1.60 is what we test with)");
        Assert.True(exit == 0, $"rclone {string.Join(' ', args)} exited with {exit}.\n{stderr}");
        return (stdout, stderr);
    }

    private ProcessStartInfo Start(string fileName, params string[] args)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = _work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        emu.AddProxyEnvironment(psi);
        return psi;
    }

    /// <summary>Runs a client to its end (at most two minutes); a client that cannot start fails with what to install.</summary>
    internal static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(ProcessStartInfo psi, string install)
    {
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"`{psi.FileName}` could not be started ({e.Message}). This test needs {install}.", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(ClientTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{psi.FileName} {string.Join(' ', psi.ArgumentList)} did not finish within {ClientTimeout}.\n{await stderr}");
            }
            return (process.ExitCode, await stdout, await stderr);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
