using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>Raw upload/download-style calls against an <see cref="EmulatorHarness"/>.</summary>
internal static class TransferCalls
{
    public static async Task<EmulatorHarness.Reply> UploadAsync(this EmulatorHarness h, string route, string argJson, byte[] body,
        string contentType = "application/octet-stream")
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "2/" + route) { Content = new ByteArrayContent(body) };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorHarness.Token);
        req.Headers.TryAddWithoutValidation("Dropbox-API-Arg", argJson);
        req.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var resp = await h.Http.SendAsync(req);
        string text = await resp.Content.ReadAsStringAsync();
        return new EmulatorHarness.Reply((int)resp.StatusCode, resp.Content.Headers.ContentType?.MediaType, resp.Content.Headers.ContentType?.CharSet, text, resp);
    }

    /// <summary>files/upload that must succeed; returns the FileMetadata.</summary>
    public static async Task<JsonElement> UploadOkAsync(this EmulatorHarness h, string path, byte[] body, string mode = "\"add\"", string extra = "")
    {
        var r = await h.UploadAsync("files/upload", $"{{\"path\":{JsonSerializer.Serialize(path)},\"mode\":{mode}{extra}}}", body);
        Assert.True(r.Status == 200, $"{r.Status}: {r.Body}");
        return r.Json;
    }

    public sealed record Download(int Status, HttpResponseMessage Message, byte[] Body)
    {
        public string Result => Message.Headers.GetValues("Dropbox-API-Result").Single();
        public string Text => Encoding.UTF8.GetString(Body);
    }

    public static async Task<Download> DownloadAsync(this EmulatorHarness h, string argJson, string? range = null, string route = "files/download")
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "2/" + route);
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorHarness.Token);
        req.Headers.TryAddWithoutValidation("Dropbox-API-Arg", argJson);
        if (range is not null)
        {
            req.Headers.TryAddWithoutValidation("Range", range);
        }
        var resp = await h.Http.SendAsync(req);
        return new Download((int)resp.StatusCode, resp, await resp.Content.ReadAsByteArrayAsync());
    }

    public static byte[] Bytes(int length, int seed = 1)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
