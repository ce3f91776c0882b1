using System.Net.Http.Headers;
using PSDropbox.Emulator;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>Wire shapes of search_v2, get_temporary_link, copy references and shared links.</summary>
public sealed class EmulatorSearchAndLinksTests
{
    [Fact]
    public async Task Search_NestsMetadataUnderTaggedMetadataV2_AndPagesWithCursor()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/D", ("report-a.txt", "1"), ("report-b.txt", "2"), ("other.txt", "3"));
        var page = await h.OkAsync("files/search_v2", J(new { query = "REPORT", options = new { max_results = 1 } }));
        Assert.Equal(["matches", "has_more", "cursor"], PropertyNames(page));
        var match = page.GetProperty("matches")[0];
        Assert.Equal(["metadata", "match_type"], PropertyNames(match));
        Assert.Equal("metadata", match.GetProperty("metadata").GetProperty(".tag").GetString());
        var metadata = match.GetProperty("metadata").GetProperty("metadata");
        Assert.Equal("file", metadata.GetProperty(".tag").GetString());
        Assert.Equal("/D/report-a.txt", metadata.GetProperty("path_display").GetString());
        Assert.Equal("{\".tag\":\"filename\"}", match.GetProperty("match_type").GetRawText());
        Assert.True(page.GetProperty("has_more").GetBoolean());

        var next = await h.OkAsync("files/search/continue_v2", J(new { cursor = page.GetProperty("cursor").GetString() }));
        Assert.Equal(["matches", "has_more"], PropertyNames(next));
        Assert.Equal("/D/report-b.txt", next.GetProperty("matches")[0].GetProperty("metadata").GetProperty("metadata").GetProperty("path_display").GetString());
        Assert.False(next.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task Search_EmptyQueryWithExtensionOrCategory_FindsEveryFileOfThatKind()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/K", ("a.png", "1"), ("b.PNG", "2"), ("c.txt", "3"), ("d.jpg", "4"));
        var byExtension = await h.OkAsync("files/search_v2", J(new { query = "", options = new { file_extensions = new[] { "png" } } }));
        Assert.Equal(["/K/a.png", "/K/b.PNG"], Paths(byExtension));
        var byCategory = await h.OkAsync("files/search_v2", J(new { query = "", options = new { file_categories = new[] { "image" } } }));
        Assert.Equal(["/K/a.png", "/K/b.PNG", "/K/d.jpg"], Paths(byCategory));
        Assert.Equal("{\".tag\":\"filename\"}", byCategory.GetProperty("matches")[0].GetProperty("match_type").GetRawText());

        static string[] Paths(System.Text.Json.JsonElement page) => page.GetProperty("matches").EnumerateArray()
            .Select(m => m.GetProperty("metadata").GetProperty("metadata").GetProperty("path_display").GetString()!).Order(StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public async Task Search_Errors()
    {
        await using var h = await StartAsync();
        var blank = await h.CallAsync("files/search_v2", J(new { query = "  " }));
        Assert.Equal(409, blank.Status);
        Assert.Equal("{\".tag\":\"invalid_argument\",\"invalid_argument\":\"The query is empty.\"}", blank.Json.GetProperty("error").GetRawText());
        var scope = await h.CallAsync("files/search_v2", J(new { query = "x", options = new { path = "/missing" } }));
        Assert.Equal("{\".tag\":\"path\",\"path\":{\".tag\":\"not_found\"}}", scope.Json.GetProperty("error").GetRawText());
        var category = await h.CallAsync("files/search_v2", J(new { query = "x", options = new { file_categories = new[] { "pictures" } } }));
        Assert.Equal(400, category.Status);
        Assert.Contains("file_categories: unknown tag 'pictures'", category.Body);
        var cursor = await h.CallAsync("files/search/continue_v2", J(new { cursor = "bogus" }));
        Assert.Equal(400, cursor.Status);
    }

    [Fact]
    public async Task TemporaryLink_FileMetadataWithoutTag_ServedWithoutAuthAndWithRanges()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/T", ("f.txt", "0123456789"));
        var result = await h.OkAsync("files/get_temporary_link", J(new { path = "/t/F.TXT" }));
        Assert.Equal(["metadata", "link"], PropertyNames(result));
        Assert.False(result.GetProperty("metadata").TryGetProperty(".tag", out _));
        using var anonymous = new HttpClient();
        var request = new HttpRequestMessage(HttpMethod.Get, result.GetProperty("link").GetString());
        request.Headers.Range = new RangeHeaderValue(2, 4);
        var partial = await anonymous.SendAsync(request);
        Assert.Equal(206, (int)partial.StatusCode);
        Assert.Equal("234", await partial.Content.ReadAsStringAsync());

        await h.CreateFolderAsync("/Folder");
        var folder = await h.CallAsync("files/get_temporary_link", J(new { path = "/Folder" }));
        Assert.Equal("{\".tag\":\"path\",\"path\":{\".tag\":\"not_file\"}}", folder.Json.GetProperty("error").GetRawText());
    }

    [Fact]
    public async Task CopyReference_SavedByAnAccountFromOptions_CopiesTheTree()
    {
        string dir = NewTempDir();
        try
        {
            await using (var emu = await DropboxEmulator.StartAsync(new EmulatorOptions
            {
                Port = 0, DataDirectory = dir, AccessToken = "alice-token", Accounts = [EmulatorAccount.Parse("bob:bob:token")],
            }))
            {
                using var http = new HttpClient { BaseAddress = emu.BaseUrl };
                async Task<(int Status, System.Text.Json.JsonElement Json)> Call(string token, string route, object arg)
                {
                    using var req = new HttpRequestMessage(HttpMethod.Post, "2/" + route) { Content = new StringContent(J(arg), System.Text.Encoding.UTF8, "application/json") };
                    req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    var resp = await http.SendAsync(req);
                    return ((int)resp.StatusCode, System.Text.Json.JsonDocument.Parse(await resp.Content.ReadAsStringAsync()).RootElement.Clone());
                }
                await Call("alice-token", "files/create_folder_v2", new { path = "/Share/Inner" });
                var got = await Call("alice-token", "files/copy_reference/get", new { path = "/Share" });
                Assert.Equal(200, got.Status);
                Assert.Equal(["metadata", "copy_reference", "expires"], PropertyNames(got.Json));
                Assert.Equal("folder", got.Json.GetProperty("metadata").GetProperty(".tag").GetString());

                var saved = await Call("bob:token", "files/copy_reference/save", new { copy_reference = got.Json.GetProperty("copy_reference").GetString(), path = "/Got" });
                Assert.Equal(200, saved.Status);
                Assert.Equal("/Got", saved.Json.GetProperty("metadata").GetProperty("path_display").GetString());
                Assert.Equal(200, (await Call("bob:token", "files/get_metadata", new { path = "/Got/Inner" })).Status);
                Assert.Equal(409, (await Call("alice-token", "files/get_metadata", new { path = "/Got" })).Status);
                var bob = await Call("bob:token", "users/get_current_account", new { });
                Assert.Equal("bob@emulator.local", bob.Json.GetProperty("email").GetString());

                var invalid = await Call("bob:token", "files/copy_reference/save", new { copy_reference = "nope", path = "/X" });
                Assert.Equal("{\".tag\":\"invalid_copy_reference\"}", invalid.Json.GetProperty("error").GetRawText());
            }
        }
        finally
        {
            DeleteDir(dir);
        }
    }

    [Theory]
    [InlineData("bob")]
    [InlineData(":token")]
    [InlineData("bad name:token")]
    public void EmulatorAccount_RejectsWhatIsNotNameColonToken(string text) =>
        Assert.Throws<FormatException>(() => EmulatorAccount.Parse(text));

    [Fact]
    public async Task SharedLink_AlreadyExists_CarriesTheLinkMetadata_AndRevokeReturnsNull()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/S", ("doc.txt", "hello"));
        var link = await h.OkAsync("sharing/create_shared_link_with_settings", J(new { path = "/S/doc.txt" }));
        Assert.Equal("file", link.GetProperty(".tag").GetString());
        Assert.Equal(["can_revoke", "resolved_visibility"], PropertyNames(link.GetProperty("link_permissions")).Take(2));
        var again = await h.CallAsync("sharing/create_shared_link_with_settings", J(new { path = "/S/doc.txt" }));
        Assert.Equal(409, again.Status);
        var error = again.Json.GetProperty("error");
        Assert.Equal("shared_link_already_exists", error.GetProperty(".tag").GetString());
        var inner = error.GetProperty("shared_link_already_exists");
        Assert.Equal("metadata", inner.GetProperty(".tag").GetString());
        Assert.Equal(link.GetProperty("url").GetString(), inner.GetProperty("metadata").GetProperty("url").GetString());

        var past = await h.CallAsync("sharing/create_shared_link_with_settings",
            J(new { path = "/S/doc.txt", settings = new { expires = "2001-01-01T00:00:00Z" } }));
        Assert.Equal("{\".tag\":\"settings_error\",\"settings_error\":{\".tag\":\"invalid_settings\"}}", past.Json.GetProperty("error").GetRawText());

        var revoked = await h.CallAsync("sharing/revoke_shared_link", J(new { url = link.GetProperty("url").GetString() }));
        Assert.Equal(200, revoked.Status);
        Assert.Equal("null", revoked.Body);
        var twice = await h.CallAsync("sharing/revoke_shared_link", J(new { url = link.GetProperty("url").GetString() }));
        Assert.Equal("{\".tag\":\"shared_link_not_found\"}", twice.Json.GetProperty("error").GetRawText());
    }

    [Fact]
    public async Task ListSharedLinks_WithoutPath_PagesWithCursor()
    {
        await using var h = await StartAsync();
        var files = Enumerable.Range(0, 205).Select(i => ($"f{i:D3}.txt", "x")).ToArray();
        await h.SeedAsync("/Many", files);
        var made = new HashSet<string>();
        foreach (var (name, _) in files)
        {
            made.Add((await h.OkAsync("sharing/create_shared_link_with_settings", J(new { path = "/Many/" + name }))).GetProperty("url").GetString()!);
        }
        var first = await h.OkAsync("sharing/list_shared_links", "{}");
        Assert.Equal(["links", "has_more", "cursor"], PropertyNames(first));
        Assert.Equal(200, first.GetProperty("links").GetArrayLength());
        Assert.True(first.GetProperty("has_more").GetBoolean());
        var second = await h.OkAsync("sharing/list_shared_links", J(new { cursor = first.GetProperty("cursor").GetString() }));
        Assert.Equal(5, second.GetProperty("links").GetArrayLength());
        Assert.False(second.GetProperty("has_more").GetBoolean());
        var listed = first.GetProperty("links").EnumerateArray().Concat(second.GetProperty("links").EnumerateArray())
            .Select(l => l.GetProperty("url").GetString()!).ToHashSet();
        Assert.Equal(made, listed);

        var byPath = await h.OkAsync("sharing/list_shared_links", J(new { path = "/Many/f000.txt" }));
        Assert.Equal(["links", "has_more"], PropertyNames(byPath));
    }
}
