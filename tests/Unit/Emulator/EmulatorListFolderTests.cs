using System.Text.Json;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;
using static PSDropbox.Tests.Unit.Emulator.EmulatorMetadataTests;

namespace PSDropbox.Tests.Unit.Emulator;

public sealed class EmulatorListFolderTests
{
    private static List<string> Paths(JsonElement page) =>
        [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("path_display").GetString()!)];

    [Fact]
    public async Task Root_NonRecursive_ListsChildrenOnly_WithTags()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("", ("A/inner.txt", "1"), ("b.txt", "22"));
        var j = await h.OkAsync("files/list_folder", "{\"path\":\"\"}");
        Assert.Equal(["entries", "cursor", "has_more"], PropertyNames(j));
        Assert.False(j.GetProperty("has_more").GetBoolean());
        Assert.False(string.IsNullOrEmpty(j.GetProperty("cursor").GetString()));
        var entries = j.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["/A", "/b.txt"], Paths(j));
        Assert.Equal("folder", entries[0].GetProperty(".tag").GetString());
        Assert.Equal("file", entries[1].GetProperty(".tag").GetString());
        Assert.Equal(2, entries[1].GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Recursive_NonRoot_IncludesTheFolderItself_RootDoesNot()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/Music", ("Rock/song.mp3", "x"), ("a.txt", "y"));
        var sub = await h.OkAsync("files/list_folder", "{\"path\":\"/music\",\"recursive\":true}");
        Assert.Equal(["/Music", "/Music/a.txt", "/Music/Rock", "/Music/Rock/song.mp3"], Paths(sub));
        var root = await h.OkAsync("files/list_folder", "{\"path\":\"\",\"recursive\":true}");
        Assert.Equal(["/Music", "/Music/a.txt", "/Music/Rock", "/Music/Rock/song.mp3"], Paths(root));
        var byId = await h.OkAsync("files/list_folder", J(new { path = sub.GetProperty("entries")[0].GetProperty("id").GetString() }));
        Assert.Equal(["/Music/a.txt", "/Music/Rock"], Paths(byId));
    }

    [Fact]
    public async Task Errors_NotFound_NotFolder_SlashForRootIs400()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("", ("file.txt", "x"));
        AssertConflict(await h.CallAsync("files/list_folder", "{\"path\":\"/missing\"}"), "path", "not_found");
        AssertConflict(await h.CallAsync("files/list_folder", "{\"path\":\"/file.txt\"}"), "path", "not_folder");
        var slash = await h.CallAsync("files/list_folder", "{\"path\":\"/\"}");
        Assert.Equal(400, slash.Status);
        Assert.Equal("Error in call to API function \"files/list_folder\": request body: path: Specify the root folder as an empty string rather than as \"/\".", slash.Body);
        var r = await h.CallAsync("files/list_folder", "{\"path\":\"x\"}");
        Assert.Equal(400, r.Status);
        Assert.Contains("did not match pattern", r.Body);
    }

    [Fact]
    public async Task Paging_WithLimit_FollowsCursorsAcrossHasMore()
    {
        await using var h = await StartAsync();
        var files = Enumerable.Range(0, 25).Select(i => ($"f{i:D2}.txt", "x")).ToArray();
        await h.SeedAsync("/Many", files);
        var page = await h.OkAsync("files/list_folder", "{\"path\":\"/many\",\"limit\":10}");
        var seen = new List<string>(Paths(page));
        var hasMore = new List<bool> { page.GetProperty("has_more").GetBoolean() };
        while (page.GetProperty("has_more").GetBoolean())
        {
            page = await h.OkAsync("files/list_folder/continue", J(new { cursor = page.GetProperty("cursor").GetString() }));
            seen.AddRange(Paths(page));
            hasMore.Add(page.GetProperty("has_more").GetBoolean());
        }
        Assert.Equal([true, true, false], hasMore);
        Assert.Equal(files.Select(f => "/Many/" + f.Item1).ToList(), seen);

        // the listing is complete: continuing now reports no changes
        var none = await h.OkAsync("files/list_folder/continue", J(new { cursor = page.GetProperty("cursor").GetString() }));
        Assert.Equal(0, none.GetProperty("entries").GetArrayLength());
        Assert.False(none.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task Continue_ReportsChanges_AddedFile_AndDeletedFolderSubtree()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/W", ("old/x.txt", "x"), ("keep.txt", "k"));
        var first = await h.OkAsync("files/list_folder", "{\"path\":\"/w\",\"recursive\":true}");
        string cursor = first.GetProperty("cursor").GetString()!;

        await h.SeedAsync("/W", ("new.txt", "n"));
        await h.OkAsync("files/delete_v2", "{\"path\":\"/w/old\"}");
        await h.CreateFolderAsync("/Elsewhere"); // out of scope

        var changes = await h.OkAsync("files/list_folder/continue", J(new { cursor }));
        Assert.False(changes.GetProperty("has_more").GetBoolean());
        var entries = changes.GetProperty("entries").EnumerateArray().ToDictionary(e => e.GetProperty("path_lower").GetString()!);
        Assert.Equal(["/w/new.txt", "/w/old", "/w/old/x.txt"], entries.Keys.Order(StringComparer.Ordinal).ToList());
        Assert.Equal("file", entries["/w/new.txt"].GetProperty(".tag").GetString());
        Assert.Equal("{\".tag\":\"deleted\",\"name\":\"old\",\"path_lower\":\"/w/old\",\"path_display\":\"/W/old\"}", entries["/w/old"].GetRawText());
        Assert.Equal("deleted", entries["/w/old/x.txt"].GetProperty(".tag").GetString());

        var after = await h.OkAsync("files/list_folder/continue", J(new { cursor = changes.GetProperty("cursor").GetString() }));
        Assert.Equal(0, after.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task Continue_NonRecursiveScope_OnlyDirectChildren()
    {
        await using var h = await StartAsync();
        await h.CreateFolderAsync("/D");
        var first = await h.OkAsync("files/list_folder", "{\"path\":\"/d\"}");
        await h.CreateFolderAsync("/D/deep/deeper");
        var changes = await h.OkAsync("files/list_folder/continue", J(new { cursor = first.GetProperty("cursor").GetString() }));
        Assert.Equal(["/D/deep"], Paths(changes));
    }

    [Fact]
    public async Task IncludeDeleted_ListsDeletedEntries()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("", ("a.txt", "a"), ("b.txt", "b"));
        await h.OkAsync("files/delete_v2", "{\"path\":\"/a.txt\"}");
        Assert.Equal(["/b.txt"], Paths(await h.OkAsync("files/list_folder", "{\"path\":\"\"}")));
        var withDeleted = await h.OkAsync("files/list_folder", "{\"path\":\"\",\"include_deleted\":true}");
        var e = withDeleted.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(2, e.Count);
        Assert.Equal("deleted", e[0].GetProperty(".tag").GetString());
        Assert.False(e[0].TryGetProperty("id", out _));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AAAAAAAAAAAAAAAA")]
    [InlineData("")]
    public async Task BadCursor_Is400(string cursor)
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/list_folder/continue", J(new { cursor }));
        Assert.Equal(400, r.Status);
        Assert.Equal("text/plain", r.MediaType);
        Assert.Equal("Error in call to API function \"files/list_folder/continue\": Invalid \"cursor\" parameter", r.Body);
    }

    [Fact]
    public async Task CursorFromAnotherEmulator_Is400()
    {
        await using var a = await StartAsync();
        await using var b = await StartAsync();
        var page = await a.OkAsync("files/list_folder", "{\"path\":\"\"}");
        var r = await b.CallAsync("files/list_folder/continue", J(new { cursor = page.GetProperty("cursor").GetString() }));
        Assert.Equal(400, r.Status);
    }

    [Fact]
    public async Task SharedLinkListing_IsRefusedClearly_NotAnsweredWithTheCallersOwnFolder()
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/list_folder", J(new { path = "", shared_link = new { url = "https://www.dropbox.com/scl/fo/x/y?rlkey=k" } }));
        Assert.Equal(400, r.Status);
        Assert.Contains("shared_link: listing the contents of a shared link is not supported by the emulator", r.Body);
    }
}
