using System.Text.Json;
using PSDropbox.Emulator.Stores;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;
using static PSDropbox.Tests.Unit.Emulator.EmulatorMetadataTests;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>files/copy_v2 and files/move_v2: wire shapes, ids, subtrees and every RelocationError we emulate.</summary>
public sealed class EmulatorRelocationTests
{
    private static async Task<JsonElement> Meta(EmulatorHarness h, string path) => await h.OkAsync("files/get_metadata", J(new { path }));

    [Fact]
    public async Task MoveFile_KeepsId_NewRev_TaggedMetadataResult()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/A", ("f.txt", "hello"));
        var before = await Meta(h, "/A/f.txt");
        var j = await h.OkAsync("files/move_v2", J(new { from_path = "/a/F.TXT", to_path = "/B/g.txt" }));
        Assert.Equal(["metadata"], PropertyNames(j));
        var m = j.GetProperty("metadata");
        Assert.Equal([".tag", "name", "path_lower", "path_display", "id", "client_modified", "server_modified", "rev", "size", "is_downloadable", "content_hash"],
            PropertyNames(m));
        Assert.Equal("file", m.GetProperty(".tag").GetString());
        Assert.Equal("/B/g.txt", m.GetProperty("path_display").GetString());
        Assert.Equal(before.GetProperty("id").GetString(), m.GetProperty("id").GetString());
        Assert.NotEqual(before.GetProperty("rev").GetString(), m.GetProperty("rev").GetString());
        Assert.Equal(before.GetProperty("content_hash").GetString(), m.GetProperty("content_hash").GetString());
        Assert.Equal(before.GetProperty("client_modified").GetString(), m.GetProperty("client_modified").GetString());
        AssertConflict(await h.CallAsync("files/get_metadata", J(new { path = "/A/f.txt" })), "path", "not_found");
    }

    [Fact]
    public async Task MoveFolder_MovesSubtree_IdsStable_ById()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/Src", ("x/deep.txt", "d"), ("top.txt", "t"));
        var folder = await Meta(h, "/Src");
        var deep = await Meta(h, "/Src/x/deep.txt");
        var j = await h.OkAsync("files/move_v2", J(new { from_path = folder.GetProperty("id").GetString(), to_path = "/Dest/Moved" }));
        Assert.Equal("folder", j.GetProperty("metadata").GetProperty(".tag").GetString());
        Assert.Equal(folder.GetProperty("id").GetString(), j.GetProperty("metadata").GetProperty("id").GetString());
        var moved = await Meta(h, "/dest/moved/X/DEEP.txt");
        Assert.Equal("/Dest/Moved/x/deep.txt", moved.GetProperty("path_display").GetString());
        Assert.Equal(deep.GetProperty("id").GetString(), moved.GetProperty("id").GetString());
        var list = await h.OkAsync("files/list_folder", J(new { path = "/Dest", recursive = true }));
        Assert.Equal(5, list.GetProperty("entries").GetArrayLength()); // Dest, Moved, x, deep.txt, top.txt
        AssertConflict(await h.CallAsync("files/list_folder", J(new { path = "/Src" })), "path", "not_found");
    }

    [Fact]
    public async Task CopyFolder_GivesNewIds_AndLeavesTheSource()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/Src", ("x/deep.txt", "d"));
        var deep = await Meta(h, "/Src/x/deep.txt");
        var j = await h.OkAsync("files/copy_v2", J(new { from_path = "/Src", to_path = "/Copy" }));
        Assert.Equal("Copy", j.GetProperty("metadata").GetProperty("name").GetString());
        var copied = await Meta(h, "/Copy/x/deep.txt");
        Assert.NotEqual(deep.GetProperty("id").GetString(), copied.GetProperty("id").GetString());
        Assert.Equal(deep.GetProperty("content_hash").GetString(), copied.GetProperty("content_hash").GetString());
        Assert.Equal(deep.GetRawText(), (await Meta(h, "/Src/x/deep.txt")).GetRawText());
        var usage = await h.OkAsync("users/get_space_usage", null);
        Assert.Equal(2, usage.GetProperty("used").GetInt64());
    }

    [Fact]
    public async Task ExistingDestination_IsToConflict_UnlessAutorename()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("", ("a.txt", "a"), ("b.txt", "b"));
        await h.CreateFolderAsync("/Dir");
        var r = await h.CallAsync("files/copy_v2", J(new { from_path = "/a.txt", to_path = "/b.txt" }));
        AssertConflict(r, "to", "conflict", "file");
        Assert.Equal("{\".tag\":\"to\",\"to\":{\".tag\":\"conflict\",\"conflict\":{\".tag\":\"file\"}}}", r.Json.GetProperty("error").GetRawText());
        AssertConflict(await h.CallAsync("files/move_v2", J(new { from_path = "/a.txt", to_path = "/dir" })), "to", "conflict", "folder");
        var renamed = await h.OkAsync("files/copy_v2", J(new { from_path = "/a.txt", to_path = "/b.txt", autorename = true }));
        Assert.Equal("b (1).txt", renamed.GetProperty("metadata").GetProperty("name").GetString());
    }

    [Fact]
    public async Task CaseOnlyRename_IsNotSupported_ToConflict()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("", ("name.txt", "n"));
        AssertConflict(await h.CallAsync("files/move_v2", J(new { from_path = "/name.txt", to_path = "/NAME.txt" })), "to", "conflict", "file");
        Assert.Equal("/name.txt", (await Meta(h, "/name.txt")).GetProperty("path_display").GetString());
    }

    [Fact]
    public async Task FolderIntoItself_IsRefused_AndNothingIsCreated()
    {
        await using var h = await StartAsync();
        await h.CreateFolderAsync("/Outer/Inner");
        foreach (var route in new[] { "files/move_v2", "files/copy_v2" })
        {
            var r = await h.CallAsync(route, J(new { from_path = "/Outer", to_path = "/outer/Inner/New/Outer" }));
            AssertConflict(r, "cant_move_folder_into_itself");
            Assert.Equal("{\".tag\":\"cant_move_folder_into_itself\"}", r.Json.GetProperty("error").GetRawText());
        }
        AssertConflict(await h.CallAsync("files/get_metadata", J(new { path = "/Outer/Inner/New" })), "path", "not_found");
    }

    [Fact]
    public async Task MissingSource_FileAncestor_Malformed()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("", ("file.txt", "f"), ("other.txt", "o"));
        var r = await h.CallAsync("files/copy_v2", J(new { from_path = "/nothing", to_path = "/x" }));
        AssertConflict(r, "from_lookup", "not_found");
        Assert.Equal("{\".tag\":\"from_lookup\",\"from_lookup\":{\".tag\":\"not_found\"}}", r.Json.GetProperty("error").GetRawText());
        AssertConflict(await h.CallAsync("files/copy_v2", J(new { from_path = "/other.txt", to_path = "/file.txt/inside" })), "to", "conflict", "file_ancestor");
        AssertConflict(await h.CallAsync("files/copy_v2", J(new { from_path = "/other.txt", to_path = "/bad/" })), "to", "malformed_path");
        AssertConflict(await h.CallAsync("files/copy_v2", J(new { from_path = "/other.txt", to_path = "/desktop.ini" })), "to", "disallowed_name");
        Assert.Equal(400, (await h.CallAsync("files/copy_v2", J(new { from_path = "nope", to_path = "/x" }))).Status);
        Assert.Equal(400, (await h.CallAsync("files/move_v2", J(new { from_path = "/other.txt" }))).Status);
    }

    [Fact]
    public async Task MoreThanTenThousandEntries_IsTooManyFiles()
    {
        await using var h = await StartAsync();
        var a = h.Emulator.Stores.Accounts.EnsureDefault();
        await h.Emulator.Stores.Database.WriteAsync(w =>
        {
            var big = w.AddFolder(a.NamespaceId, "/big", "/Big", "Big");
            for (int i = 0; i < Writer.MaxRelocatedItems; i++)
            {
                w.AddFolder(a.NamespaceId, $"/big/f{i}", $"/Big/f{i}", $"f{i}");
            }
            return big;
        });
        var r = await h.CallAsync("files/copy_v2", J(new { from_path = "/Big", to_path = "/Big2" }));
        AssertConflict(r, "too_many_files");
        Assert.Equal("{\".tag\":\"too_many_files\"}", r.Json.GetProperty("error").GetRawText());
        await h.OkAsync("files/delete_v2", J(new { path = "/Big/f0" }));
        var ok = await h.OkAsync("files/move_v2", J(new { from_path = "/Big", to_path = "/Big2" }));
        Assert.Equal("/Big2", ok.GetProperty("metadata").GetProperty("path_display").GetString());
    }
}
