using System.Text.RegularExpressions;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;
using static PSDropbox.Tests.Unit.Emulator.EmulatorMetadataTests;

namespace PSDropbox.Tests.Unit.Emulator;

public sealed class EmulatorFolderOpsTests
{
    [Fact]
    public async Task CreateFolder_ReturnsFolderMetadataWithoutTag()
    {
        await using var h = await StartAsync();
        var j = await h.CreateFolderAsync("/New Folder");
        Assert.Equal(["metadata"], PropertyNames(j));
        var m = j.GetProperty("metadata");
        Assert.Equal(["name", "path_lower", "path_display", "id"], PropertyNames(m));
        Assert.Equal("New Folder", m.GetProperty("name").GetString());
        Assert.Equal("/new folder", m.GetProperty("path_lower").GetString());
        Assert.Equal("/New Folder", m.GetProperty("path_display").GetString());
        Assert.Matches(new Regex(@"^id:[A-Za-z0-9_-]{22}$"), m.GetProperty("id").GetString());
    }

    [Fact]
    public async Task CreateFolder_CreatesParents_UsingStoredParentCasing()
    {
        await using var h = await StartAsync();
        await h.CreateFolderAsync("/Top");
        var m = (await h.CreateFolderAsync("/top/Mid/Leaf")).GetProperty("metadata");
        Assert.Equal("/Top/Mid/Leaf", m.GetProperty("path_display").GetString());
        var mid = await h.OkAsync("files/get_metadata", "{\"path\":\"/TOP/MID\"}");
        Assert.Equal("folder", mid.GetProperty(".tag").GetString());
        Assert.Equal("Mid", mid.GetProperty("name").GetString());
    }

    [Fact]
    public async Task CreateFolder_Conflicts()
    {
        await using var h = await StartAsync();
        await h.CreateFolderAsync("/F");
        await h.SeedAsync("", ("file.txt", "x"));
        AssertConflict(await h.CallAsync("files/create_folder_v2", "{\"path\":\"/f\"}"), "path", "conflict", "folder");
        AssertConflict(await h.CallAsync("files/create_folder_v2", "{\"path\":\"/FILE.txt\"}"), "path", "conflict", "file");
        AssertConflict(await h.CallAsync("files/create_folder_v2", "{\"path\":\"/file.txt/sub\"}"), "path", "conflict", "file_ancestor");
        var r = await h.CallAsync("files/create_folder_v2", "{\"path\":\"/f\"}");
        Assert.Equal("{\".tag\":\"path\",\"path\":{\".tag\":\"conflict\",\"conflict\":{\".tag\":\"folder\"}}}", r.Json.GetProperty("error").GetRawText());
    }

    [Fact]
    public async Task CreateFolder_Autorename()
    {
        await using var h = await StartAsync();
        await h.CreateFolderAsync("/Dir");
        var a = await h.OkAsync("files/create_folder_v2", "{\"path\":\"/Dir\",\"autorename\":true}");
        var b = await h.OkAsync("files/create_folder_v2", "{\"path\":\"/Dir\",\"autorename\":true}");
        Assert.Equal("Dir (1)", a.GetProperty("metadata").GetProperty("name").GetString());
        Assert.Equal("/Dir (2)", b.GetProperty("metadata").GetProperty("path_display").GetString());
    }

    [Theory]
    [InlineData("/desktop.ini")]
    [InlineData("/x/Thumbs.db")]
    [InlineData("/.DS_Store")]
    [InlineData("/.dropbox")]
    public async Task CreateFolder_DisallowedNames(string path)
    {
        await using var h = await StartAsync();
        AssertConflict(await h.CallAsync("files/create_folder_v2", J(new { path })), "path", "disallowed_name");
    }

    [Theory]
    [InlineData("/trailing/")]
    [InlineData("/trailing ")]
    [InlineData("/")]
    [InlineData("/a/./b")]
    public async Task CreateFolder_MalformedPaths(string path)
    {
        await using var h = await StartAsync();
        AssertConflict(await h.CallAsync("files/create_folder_v2", J(new { path })), "path", "malformed_path");
    }

    [Fact]
    public async Task CreateFolder_RootOrIdPath_Is400()
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/create_folder_v2", "{\"path\":\"\"}");
        Assert.Equal(400, r.Status);
        Assert.Contains("did not match pattern", r.Body);
        Assert.Equal(400, (await h.CallAsync("files/create_folder_v2", "{\"path\":\"id:abc\"}")).Status);
    }

    [Fact]
    public async Task Delete_ReturnsTaggedMetadataAsBefore_AndRemovesSubtree()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/Proj", ("src/a.cs", "a"), ("readme.md", "r"));
        var folderBefore = await h.OkAsync("files/get_metadata", "{\"path\":\"/proj\"}");
        var j = await h.OkAsync("files/delete_v2", "{\"path\":\"/PROJ\"}");
        Assert.Equal(["metadata"], PropertyNames(j));
        Assert.Equal(folderBefore.GetRawText(), j.GetProperty("metadata").GetRawText());
        AssertConflict(await h.CallAsync("files/get_metadata", "{\"path\":\"/proj/src/a.cs\"}"), "path", "not_found");
        var list = await h.OkAsync("files/list_folder", "{\"path\":\"\",\"recursive\":true}");
        Assert.Equal(0, list.GetProperty("entries").GetArrayLength());
        var usage = await h.OkAsync("users/get_space_usage", null);
        Assert.Equal(0, usage.GetProperty("used").GetInt64());
    }

    [Fact]
    public async Task Delete_File_ById_WithParentRev()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("", ("f.txt", "content"));
        var file = await h.OkAsync("files/get_metadata", "{\"path\":\"/f.txt\"}");
        string id = file.GetProperty("id").GetString()!;
        AssertConflict(await h.CallAsync("files/delete_v2", J(new { path = id, parent_rev = "0123456789abcdef" })), "path_write", "conflict", "file");
        var j = await h.OkAsync("files/delete_v2", J(new { path = id, parent_rev = file.GetProperty("rev").GetString() }));
        Assert.Equal(file.GetRawText(), j.GetProperty("metadata").GetRawText());
        Assert.Equal("file", j.GetProperty("metadata").GetProperty(".tag").GetString());
    }

    [Fact]
    public async Task Delete_Missing_IsPathLookupNotFound()
    {
        await using var h = await StartAsync();
        var r = await h.CallAsync("files/delete_v2", "{\"path\":\"/nothing\"}");
        AssertConflict(r, "path_lookup", "not_found");
        Assert.Equal("{\".tag\":\"path_lookup\",\"path_lookup\":{\".tag\":\"not_found\"}}", r.Json.GetProperty("error").GetRawText());
    }

    [Fact]
    public async Task Ids_AreStable_AndNewAfterRecreate()
    {
        await using var h = await StartAsync();
        string id1 = (await h.CreateFolderAsync("/S")).GetProperty("metadata").GetProperty("id").GetString()!;
        await h.CreateFolderAsync("/S/child");
        var again = await h.OkAsync("files/get_metadata", "{\"path\":\"/s\"}");
        Assert.Equal(id1, again.GetProperty("id").GetString());
        await h.OkAsync("files/delete_v2", "{\"path\":\"/s\"}");
        string id2 = (await h.CreateFolderAsync("/S")).GetProperty("metadata").GetProperty("id").GetString()!;
        Assert.NotEqual(id1, id2);
        AssertConflict(await h.CallAsync("files/get_metadata", J(new { path = id1 })), "path", "not_found");
    }

    [Fact]
    public async Task ParallelRequests_AreSafe()
    {
        await using var h = await StartAsync();
        var creates = Enumerable.Range(0, 30).Select(i => h.CallAsync("files/create_folder_v2", J(new { path = $"/p/{i}" })));
        var lists = Enumerable.Range(0, 10).Select(_ => h.CallAsync("files/list_folder", "{\"path\":\"\",\"recursive\":true}"));
        var all = await Task.WhenAll(creates.Concat(lists));
        Assert.All(all, r => Assert.Equal(200, r.Status));
        var list = await h.OkAsync("files/list_folder", "{\"path\":\"/p\"}");
        Assert.Equal(30, list.GetProperty("entries").GetArrayLength());
    }
}
