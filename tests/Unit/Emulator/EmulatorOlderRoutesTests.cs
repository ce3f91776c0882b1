using System.Text.Json;
using SkiaSharp;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>
/// Routes SDK methods still call: the deprecated v1 files routes, get_thumbnail (v1) and get_thumbnail_batch,
/// users/get_account(_batch) and check/user.
/// </summary>
public sealed class EmulatorOlderRoutesTests
{
    [Fact]
    public async Task DeprecatedV1Routes_AnswerTheMetadataItself()
    {
        await using var h = await StartAsync();
        var folder = await h.OkAsync("files/create_folder", J(new { path = "/Old/Dir" }));
        Assert.Equal(["name", "path_lower", "path_display", "id"], PropertyNames(folder));
        await h.UploadOkAsync("/Old/a.txt", "a"u8.ToArray());
        var copied = await h.OkAsync("files/copy", J(new { from_path = "/Old/a.txt", to_path = "/Old/b.txt" }));
        Assert.Equal("file", copied.GetProperty(".tag").GetString());
        Assert.Equal("/Old/b.txt", copied.GetProperty("path_display").GetString());
        var moved = await h.OkAsync("files/move", J(new { from_path = "/Old/b.txt", to_path = "/Old/Dir/b.txt" }));
        Assert.Equal("/Old/Dir/b.txt", moved.GetProperty("path_display").GetString());
        var deleted = await h.OkAsync("files/delete", J(new { path = "/Old/Dir" }));
        Assert.Equal("folder", deleted.GetProperty(".tag").GetString());
        var missing = await h.CallAsync("files/delete", J(new { path = "/Old/Dir" }));
        Assert.Equal("{\".tag\":\"path_lookup\",\"path_lookup\":{\".tag\":\"not_found\"}}", missing.Json.GetProperty("error").GetRawText());

        var start = await h.UploadAsync("files/upload_session/start", "{}", "abc"u8.ToArray());
        string id = start.Json.GetProperty("session_id").GetString()!;
        var append = await h.UploadAsync("files/upload_session/append", J(new { session_id = id, offset = 3 }), "def"u8.ToArray());
        Assert.Equal("null", append.Body);
        var wrong = await h.UploadAsync("files/upload_session/append", J(new { session_id = id, offset = 1 }), "x"u8.ToArray());
        Assert.Equal("{\".tag\":\"incorrect_offset\",\"correct_offset\":6}", wrong.Json.GetProperty("error").GetRawText());
    }

    [Fact]
    public async Task ThumbnailV1_AndBatch()
    {
        await using var h = await StartAsync();
        using (var bitmap = new SKBitmap(200, 100))
        using (var image = SKImage.FromBitmap(bitmap))
        using (var png = image.Encode(SKEncodedImageFormat.Png, 100))
        {
            await h.UploadOkAsync("/pic.png", png.ToArray());
        }
        await h.UploadOkAsync("/notes.txt", "t"u8.ToArray());
        var v1 = await h.DownloadAsync(J(new { path = "/pic.png", size = "w32h32" }), route: "files/get_thumbnail");
        Assert.Equal(200, v1.Status);
        Assert.Equal("/pic.png", JsonDocument.Parse(v1.Result).RootElement.GetProperty("path_display").GetString());
        using (var codec = SKCodec.Create(new SKMemoryStream(v1.Body)))
        {
            Assert.Equal((32, 16), (codec.Info.Width, codec.Info.Height));
        }

        var batch = await h.OkAsync("files/get_thumbnail_batch", J(new { entries = new object[] { new { path = "/pic.png" }, new { path = "/notes.txt" }, new { path = "/none.png" } } }));
        var entries = batch.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal([".tag", "metadata", "thumbnail"], PropertyNames(entries[0]));
        Assert.Equal([0xFF, 0xD8], Convert.FromBase64String(entries[0].GetProperty("thumbnail").GetString()!)[..2]);
        Assert.Equal("{\".tag\":\"failure\",\"failure\":{\".tag\":\"unsupported_extension\"}}", entries[1].GetRawText());
        Assert.Equal("{\".tag\":\"failure\",\"failure\":{\".tag\":\"path\",\"path\":{\".tag\":\"not_found\"}}}", entries[2].GetRawText());
        var tooMany = await h.CallAsync("files/get_thumbnail_batch", J(new { entries = Enumerable.Repeat(new { path = "/pic.png" }, 26) }));
        Assert.Equal("{\".tag\":\"too_many_files\"}", tooMany.Json.GetProperty("error").GetRawText());
    }

    [Fact]
    public async Task Accounts_ByIdAndInBatches_AndCheckUserEchoes()
    {
        await using var h = await StartAsync(configure: o => o.Accounts = [PSDropbox.Emulator.EmulatorAccount.Parse("bob:bob-token")]);
        string me = (await h.OkAsync("users/get_current_account", null)).GetProperty("account_id").GetString()!;
        string bob = (await h.CallAsync("users/get_current_account", null, token: "bob-token")).Json.GetProperty("account_id").GetString()!;
        var basic = await h.OkAsync("users/get_account", J(new { account_id = bob }));
        Assert.Equal(["account_id", "name", "email", "email_verified", "disabled", "is_teammate"], PropertyNames(basic));
        Assert.False(basic.GetProperty("is_teammate").GetBoolean());
        Assert.True((await h.OkAsync("users/get_account", J(new { account_id = me }))).GetProperty("is_teammate").GetBoolean());
        string unknown = "dbid:" + new string('A', 35);
        Assert.Equal("{\".tag\":\"no_account\"}", (await h.CallAsync("users/get_account", J(new { account_id = unknown }))).Json.GetProperty("error").GetRawText());
        Assert.Equal(400, (await h.CallAsync("users/get_account", J(new { account_id = "dbid:short" }))).Status);

        var batch = await h.OkAsync("users/get_account_batch", J(new { account_ids = new[] { bob, me } }));
        Assert.Equal([bob, me], batch.EnumerateArray().Select(a => a.GetProperty("account_id").GetString()));
        Assert.Equal($"{{\".tag\":\"no_account\",\"no_account\":\"{unknown}\"}}",
            (await h.CallAsync("users/get_account_batch", J(new { account_ids = new[] { me, unknown } }))).Json.GetProperty("error").GetRawText());

        Assert.Equal("{\"result\":\"ping\"}", (await h.OkAsync("check/user", J(new { query = "ping" }))).GetRawText());
    }
}
