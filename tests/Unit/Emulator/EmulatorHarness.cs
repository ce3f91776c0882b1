using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PSDropbox.Emulator;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>One in-process emulator per test: port 0, its own temp data dir, an HttpClient with helpers.</summary>
internal sealed class EmulatorHarness : IAsyncDisposable
{
    public const string Token = "emulator-test-token";

    private EmulatorHarness(DropboxEmulator emulator, string dataDir, bool ownsDir)
    {
        Emulator = emulator;
        DataDir = dataDir;
        OwnsDir = ownsDir;
        Http = new HttpClient { BaseAddress = emulator.BaseUrl };
    }

    public DropboxEmulator Emulator { get; private set; }
    public string DataDir { get; }
    private bool OwnsDir { get; }
    public HttpClient Http { get; private set; }

    private readonly List<string> _tempDirs = [];

    /// <summary>A temp directory deleted when the harness is disposed.</summary>
    public string TempDir()
    {
        string dir = NewTempDir();
        _tempDirs.Add(dir);
        return dir;
    }

    public static void DeleteDir(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public static string NewTempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "psdbx-emu-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static async Task<EmulatorHarness> StartAsync(string? dataDir = null, string? seedDir = null, Action<EmulatorOptions>? configure = null)
    {
        bool owns = dataDir is null;
        dataDir ??= NewTempDir();
        var options = new EmulatorOptions { Port = 0, DataDirectory = dataDir, AccessToken = Token, SeedDirectory = seedDir };
        configure?.Invoke(options);
        var emu = await DropboxEmulator.StartAsync(options);
        return new EmulatorHarness(emu, dataDir, owns);
    }

    /// <summary>Stops and starts again on the same data directory (durability tests).</summary>
    public async Task RestartAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
        Emulator = await DropboxEmulator.StartAsync(new EmulatorOptions { Port = 0, DataDirectory = DataDir, AccessToken = Token });
        Http = new HttpClient { BaseAddress = Emulator.BaseUrl };
    }

    public sealed record Reply(int Status, string? MediaType, string? Charset, string Body, HttpResponseMessage Message)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();
    }

    /// <summary>POST /2/{route}. json null → no body and no Content-Type (like the JS SDK on Void routes).</summary>
    public async Task<Reply> CallAsync(string route, string? json, string? contentType = "application/json", string? token = Token, string? authorization = null)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "2/" + route);
        if (authorization is not null)
        {
            req.Headers.TryAddWithoutValidation("Authorization", authorization);
        }
        else if (token is not null)
        {
            req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (json is not null)
        {
            req.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
            if (contentType is not null)
            {
                req.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        var resp = await Http.SendAsync(req);
        string body = await resp.Content.ReadAsStringAsync();
        return new Reply((int)resp.StatusCode, resp.Content.Headers.ContentType?.MediaType, resp.Content.Headers.ContentType?.CharSet, body, resp);
    }

    /// <summary>Call and assert 200; returns the JSON body.</summary>
    public async Task<JsonElement> OkAsync(string route, string? json)
    {
        var r = await CallAsync(route, json);
        Assert.True(r.Status == 200, $"{route} → {r.Status}: {r.Body}");
        Assert.Equal("application/json", r.MediaType);
        return r.Json;
    }

    public static string J(object value) => JsonSerializer.Serialize(value);

    public Task<JsonElement> CreateFolderAsync(string path) => OkAsync("files/create_folder_v2", J(new { path }));

    /// <summary>Creates local files and seeds them through the admin endpoint (there is no upload route yet).</summary>
    public async Task<JsonElement> SeedAsync(string destPath, params (string RelPath, string Content)[] files)
    {
        string src = TempDir();
        foreach (var (rel, content) in files)
        {
            string full = Path.Combine(src, rel.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, content);
        }
        var resp = await Http.PostAsync("_emulator/seed", new StringContent(J(new { source = src, path = destPath }), Encoding.UTF8, "application/json"));
        string body = await resp.Content.ReadAsStringAsync();
        Assert.True(resp.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static List<string> PropertyNames(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Emulator.DisposeAsync();
        if (OwnsDir)
        {
            DeleteDir(DataDir);
        }
        _tempDirs.ForEach(DeleteDir);
    }
}
