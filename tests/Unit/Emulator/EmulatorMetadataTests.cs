using System.Text.Json;
using System.Text.RegularExpressions;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

public sealed class EmulatorMetadataTests
{
    private static readonly Regex Timestamp = new(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$");
    private static readonly Regex IdPattern = new(@"^id:[A-Za-z0-9_-]{22}$");

    internal static void AssertConflict(Reply r, params string[] tags)
    {
        Assert.True(r.Status == 409, $"{r.Status}: {r.Body}");
        Assert.Equal("application/json", r.MediaType);
        var j = r.Json;
        Assert.Matches(new Regex("^" + Regex.Escape(string.Join('/', tags)) + @"/\.{0,3}$"), j.GetProperty("error_summary").GetString());
        var e = j.GetProperty("error");
        foreach (var tag in tags)
        {
            Assert.Equal(tag, e.GetProperty(".tag").GetString());
            if (e.TryGetProperty(tag, out var nested) && nested.ValueKind == JsonValueKind.Object)
            {
                e = nested;
            }
        }
    }

    [Fact]
    public async Task GetMetadata_File_HasExactShape()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/Docs", ("Hello.TXT", "hello"));
        var j = await h.OkAsync("files/get_metadata", "{\"path\":\"/docs/hello.txt\"}");
        Assert.Equal(["" + ".tag", "name", "path_lower", "path_display", "id", "client_modified", "server_modified", "rev", "size", "is_downloadable", "content_hash"], PropertyNames(j));
        Assert.Equal("file", j.GetProperty(".tag").GetString());
        Assert.Equal("Hello.TXT", j.GetProperty("name").GetString());
        Assert.Equal("/docs/hello.txt", j.GetProperty("path_lower").GetString());
        Assert.Equal("/Docs/Hello.TXT", j.GetProperty("path_display").GetString());
        Assert.Matches(IdPattern, j.GetProperty("id").GetString());
        Assert.Matches(Timestamp, j.GetProperty("client_modified").GetString());
        Assert.Matches(Timestamp, j.GetProperty("server_modified").GetString());
        Assert.Matches(new Regex("^[0-9a-f]{15,}$"), j.GetProperty("rev").GetString());
        Assert.Equal(5, j.GetProperty("size").GetInt64());
        Assert.True(j.GetProperty("is_downloadable").GetBoolean());
        Assert.Equal("9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50", j.GetProperty("content_hash").GetString());
    }

    [Fact]
    public async Task GetMetadata_Folder_HasTagAndFourFields()
    {
        await using var h = await StartAsync();
        await h.CreateFolderAsync("/Photos");
        var j = await h.OkAsync("files/get_metadata", "{\"path\":\"/photos\"}");
        Assert.Equal([".tag", "name", "path_lower", "path_display", "id"], PropertyNames(j));
        Assert.Equal("folder", j.GetProperty(".tag").GetString());
        Assert.Equal("Photos", j.GetProperty("name").GetString());
        Assert.Equal("/Photos", j.GetProperty("path_display").GetString());
    }

    [Fact]
    public async Task GetMetadata_Root_Is400PatternText()
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/get_metadata", "{\"path\":\"\"}");
        Assert.Equal(400, r.Status);
        Assert.Equal("text/plain", r.MediaType);
        Assert.Equal("Error in call to API function \"files/get_metadata\": request body: path: '' did not match pattern '(/(.|[\\r\\n])*|id:.*)|(rev:[0-9a-f]{9,})|(ns:[0-9]+(/(.|[\\r\\n])*)?)'", r.Body);
    }

    [Fact]
    public async Task GetMetadata_SlashRoot_Is400Unsupported()
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/get_metadata", "{\"path\":\"/\"}");
        Assert.Equal(400, r.Status);
        Assert.Equal("text/plain", r.MediaType);
        Assert.Equal("Error in call to API function \"files/get_metadata\": request body: path: The root folder is unsupported.", r.Body);
    }

    [Theory]
    [InlineData("/missing")]
    [InlineData("/a/b/c")]
    [InlineData("id:AAAAAAAAAAAAAAAAAAAAAA")]
    public async Task GetMetadata_Missing_Is409NotFound(string path)
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/get_metadata", J(new { path }));
        AssertConflict(r, "path", "not_found");
        Assert.Equal("{\".tag\":\"path\",\"path\":{\".tag\":\"not_found\"}}", r.Json.GetProperty("error").GetRawText());
    }

    [Theory]
    [InlineData("/a/")]
    [InlineData("/a ")]
    [InlineData("/a//b")]
    [InlineData("/a/../b")]
    [InlineData("/a\\b")]
    public async Task GetMetadata_MalformedPaths_Are409(string path)
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/get_metadata", J(new { path }));
        AssertConflict(r, "path", "malformed_path");
    }

    [Fact]
    public async Task GetMetadata_ById_AndIdRelative()
    {
        await using var h = await StartAsync();
        var folder = (await h.CreateFolderAsync("/Parent")).GetProperty("metadata");
        await h.CreateFolderAsync("/Parent/Child");
        string id = folder.GetProperty("id").GetString()!;
        var byId = await h.OkAsync("files/get_metadata", J(new { path = id }));
        Assert.Equal("/Parent", byId.GetProperty("path_display").GetString());
        var rel = await h.OkAsync("files/get_metadata", J(new { path = id + "/child" }));
        Assert.Equal("/Parent/Child", rel.GetProperty("path_display").GetString());
    }

    [Fact]
    public async Task Lookup_IsCaseInsensitive_NormalizationInsensitive_AndCasePreserving()
    {
        await using var h = await StartAsync();
        string nfc = "/Caf\u00e9 Menu";
        await h.CreateFolderAsync(nfc);
        string nfdUpper = "/CAFE\u0301 MENU";
        var j = await h.OkAsync("files/get_metadata", J(new { path = nfdUpper }));
        Assert.Equal("Caf\u00e9 Menu", j.GetProperty("name").GetString());
        Assert.Equal("/caf\u00e9 menu", j.GetProperty("path_lower").GetString());
        Assert.Equal("/Caf\u00e9 Menu", j.GetProperty("path_display").GetString());

        // creating the NFD/uppercase spelling conflicts with the stored folder
        var r = await h.CallAsync("files/create_folder_v2", J(new { path = nfdUpper }));
        AssertConflict(r, "path", "conflict", "folder");
    }

    [Fact]
    public async Task GetMetadata_Deleted_NotFoundUnlessIncludeDeleted()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("", ("Gone.txt", "x"));
        await h.OkAsync("files/delete_v2", "{\"path\":\"/gone.txt\"}");
        AssertConflict(await h.CallAsync("files/get_metadata", "{\"path\":\"/gone.txt\"}"), "path", "not_found");
        var j = await h.OkAsync("files/get_metadata", "{\"path\":\"/gone.txt\",\"include_deleted\":true}");
        Assert.Equal("{\".tag\":\"deleted\",\"name\":\"Gone.txt\",\"path_lower\":\"/gone.txt\",\"path_display\":\"/Gone.txt\"}", j.GetRawText());
    }

    [Fact]
    public async Task GetMetadata_ByRev_ReturnsThatRevision()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("", ("r.txt", "abc"));
        var file = await h.OkAsync("files/get_metadata", "{\"path\":\"/r.txt\"}");
        string rev = file.GetProperty("rev").GetString()!;
        var byRev = await h.OkAsync("files/get_metadata", J(new { path = "rev:" + rev }));
        Assert.Equal(file.GetProperty("id").GetString(), byRev.GetProperty("id").GetString());
        Assert.Equal(rev, byRev.GetProperty("rev").GetString());
    }

    [Fact]
    public async Task Seed_ClientModified_IsFileMtimeInWholeSeconds()
    {
        await using var h = await StartAsync();
        string src = h.TempDir();
        string f = Path.Combine(src, "dated.txt");
        await File.WriteAllTextAsync(f, "d");
        File.SetLastWriteTimeUtc(f, new DateTime(2021, 12, 17, 21, 14, 48, 700, DateTimeKind.Utc));
        var resp = await h.Http.PostAsync("_emulator/seed", new StringContent(J(new { source = src, path = "" }), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(resp.IsSuccessStatusCode);
        var j = await h.OkAsync("files/get_metadata", "{\"path\":\"/dated.txt\"}");
        Assert.Equal("2021-12-17T21:14:48Z", j.GetProperty("client_modified").GetString());
    }
}
