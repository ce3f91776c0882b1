using System.Net.Http.Headers;
using System.Text.Json;
using PSDropbox.Emulator.Content;
using SkiaSharp;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>files/get_thumbnail_v2: real images in, decodable thumbnails of the requested size class out.</summary>
public sealed class EmulatorThumbnailTests
{
    private static readonly string Landscape = Path.Combine(
        typeof(EmulatorThumbnailTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "tests", "Pester", "Assets", "landscape-1000x700.png");

    [Theory]
    [InlineData(1000, 700, 480, 320, "strict", 457, 320)]
    [InlineData(700, 1000, 480, 320, "strict", 224, 320)]
    [InlineData(700, 1000, 480, 320, "bestfit", 320, 457)]
    [InlineData(1000, 700, 480, 320, "fitone_bestfit", 480, 336)]
    [InlineData(1000, 700, 64, 64, "original", 1000, 700)]
    [InlineData(40, 30, 256, 256, "strict", 40, 30)]
    public void Scale_FollowsTheDropboxModes_AndNeverEnlarges(int w, int h, int boxW, int boxH, string mode, int expectedW, int expectedH)
    {
        double scale = Math.Min(1.0, Thumbnailer.Scale(w, h, boxW, boxH, mode));
        Assert.Equal(expectedW, (int)Math.Round(w * scale));
        Assert.Equal(expectedH, (int)Math.Round(h * scale));
    }

    [Theory]
    [InlineData("jpeg", "w256h256", SKEncodedImageFormat.Jpeg, 256, 179)]
    [InlineData("png", "w1024h768", SKEncodedImageFormat.Png, 1000, 700)]
    [InlineData("webp", "w64h64", SKEncodedImageFormat.Webp, 64, 45)]
    public async Task Thumbnail_DecodesAsTheRequestedFormatAndSize_WithPreviewResultHeader(string format, string size, SKEncodedImageFormat expected,
        int width, int height)
    {
        await using var h = await StartAsync();
        string dir = h.TempDir();
        File.Copy(Landscape, Path.Combine(dir, "photo.png"));
        var seeded = await h.Http.PostAsync("_emulator/seed", new StringContent(J(new { source = dir, path = "/P" }), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(seeded.IsSuccessStatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "2/files/get_thumbnail_v2");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        request.Headers.Add("Dropbox-API-Arg", J(new Dictionary<string, object>
        {
            ["resource"] = new Dictionary<string, string> { [".tag"] = "path", ["path"] = "/P/photo.png" }, ["format"] = format, ["size"] = size,
        }));
        var response = await h.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        var result = JsonDocument.Parse(response.Headers.GetValues("Dropbox-API-Result").Single()).RootElement;
        Assert.Equal(["file_metadata"], PropertyNames(result));
        Assert.False(result.GetProperty("file_metadata").TryGetProperty(".tag", out _));
        byte[] bytes = await response.Content.ReadAsByteArrayAsync();
        using var codec = SKCodec.Create(new SKMemoryStream(bytes));
        Assert.Equal(expected, codec.EncodedFormat);
        Assert.Equal(width, codec.Info.Width);
        Assert.Equal(height, codec.Info.Height);
    }

    [Fact]
    public async Task Thumbnail_Errors()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/E", ("a.txt", "text"), ("fake.jpg", "not a jpeg"));
        async Task<string> ErrorOf(string path, string? size = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "2/files/get_thumbnail_v2");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            request.Headers.Add("Dropbox-API-Arg", "{\"resource\":{\".tag\":\"path\",\"path\":\"" + path + "\"}" + (size is null ? "" : ",\"size\":\"" + size + "\"") + "}");
            var response = await h.Http.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();
            return (int)response.StatusCode == 409 ? JsonDocument.Parse(body).RootElement.GetProperty("error").GetRawText() : $"{(int)response.StatusCode} {body}";
        }
        Assert.Equal("{\".tag\":\"unsupported_extension\"}", await ErrorOf("/E/a.txt"));
        Assert.Equal("{\".tag\":\"unsupported_image\"}", await ErrorOf("/E/fake.jpg"));
        Assert.Equal("{\".tag\":\"path\",\"path\":{\".tag\":\"not_found\"}}", await ErrorOf("/E/none.png"));
        Assert.StartsWith("400 ", await ErrorOf("/E/fake.jpg", "w3200h2400"));
    }
}
