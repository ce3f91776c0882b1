using System.Text.Json;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;
using static PSDropbox.Tests.Unit.Emulator.EmulatorMetadataTests;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>files/list_revisions and files/restore.</summary>
public sealed class EmulatorRevisionTests
{
    /// <summary>Three versions at /r/f.txt ("v1", "v2", "v3"), written delete-then-seed (each a new file id).</summary>
    private static async Task<List<string>> ThreeVersionsAsync(EmulatorHarness h)
    {
        var revs = new List<string>();
        foreach (var content in new[] { "v1", "v2", "v3" })
        {
            if (revs.Count > 0)
            {
                await h.OkAsync("files/delete_v2", J(new { path = "/r/f.txt" }));
            }
            await h.SeedAsync("/r", ("f.txt", content));
            revs.Add((await h.OkAsync("files/get_metadata", J(new { path = "/r/f.txt" }))).GetProperty("rev").GetString()!);
        }
        return revs;
    }

    private static List<string> Revs(JsonElement list) =>
        [.. list.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("rev").GetString()!)];

    [Fact]
    public async Task PathMode_NewestFirst_UntaggedFileMetadata_PagesWithBeforeRev()
    {
        await using var h = await StartAsync();
        var revs = await ThreeVersionsAsync(h);
        var all = await h.OkAsync("files/list_revisions", J(new { path = "/R/F.txt" }));
        Assert.Equal(["is_deleted", "entries", "has_more"], PropertyNames(all));
        Assert.False(all.GetProperty("is_deleted").GetBoolean());
        Assert.Equal([revs[2], revs[1], revs[0]], Revs(all));
        var first = all.GetProperty("entries")[0];
        Assert.Equal(["name", "path_lower", "path_display", "id", "client_modified", "server_modified", "rev", "size", "is_downloadable", "content_hash"],
            PropertyNames(first));

        var page1 = await h.OkAsync("files/list_revisions", J(new { path = "/r/f.txt", mode = "path", limit = 2 }));
        Assert.Equal([revs[2], revs[1]], Revs(page1));
        Assert.True(page1.GetProperty("has_more").GetBoolean());
        var page2 = await h.OkAsync("files/list_revisions", J(new { path = "/r/f.txt", limit = 2, before_rev = revs[1] }));
        Assert.Equal([revs[0]], Revs(page2));
        Assert.False(page2.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task IdMode_FollowsTheFileAcrossMoves()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("", ("old.txt", "x"));
        var before = await h.OkAsync("files/get_metadata", J(new { path = "/old.txt" }));
        var moved = (await h.OkAsync("files/move_v2", J(new { from_path = "/old.txt", to_path = "/new.txt" }))).GetProperty("metadata");
        var byId = await h.OkAsync("files/list_revisions", J(new { path = "/new.txt", mode = new Dictionary<string, string> { [".tag"] = "id" } }));
        Assert.Equal([moved.GetProperty("rev").GetString()!, before.GetProperty("rev").GetString()!], Revs(byId));
        var byPath = await h.OkAsync("files/list_revisions", J(new { path = "/new.txt" }));
        Assert.Equal([moved.GetProperty("rev").GetString()!], Revs(byPath));
        AssertConflict(await h.CallAsync("files/list_revisions", J(new { path = "/new.txt", mode = "id", before_rev = before.GetProperty("rev").GetString() })),
            "before_rev_not_supported");
    }

    [Fact]
    public async Task DeletedFile_IsDeletedWithServerDeleted_Errors()
    {
        await using var h = await StartAsync();
        var revs = await ThreeVersionsAsync(h);
        await h.OkAsync("files/delete_v2", J(new { path = "/r/f.txt" }));
        var list = await h.OkAsync("files/list_revisions", J(new { path = "/r/f.txt" }));
        Assert.True(list.GetProperty("is_deleted").GetBoolean());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", list.GetProperty("server_deleted").GetString());
        Assert.Equal(3, Revs(list).Count);
        AssertConflict(await h.CallAsync("files/list_revisions", J(new { path = "/r" })), "path", "not_file");
        AssertConflict(await h.CallAsync("files/list_revisions", J(new { path = "/nothing.txt" })), "path", "not_found");
        var bad = await h.CallAsync("files/list_revisions", J(new { path = "/r/f.txt", before_rev = "0123456789abcdef" }));
        AssertConflict(bad, "invalid_before_rev");
        Assert.Equal(400, (await h.CallAsync("files/list_revisions", J(new { path = "/r/f.txt", limit = 101 }))).Status);
        Assert.Equal(revs[0], Revs(list)[2]);
    }

    [Fact]
    public async Task Restore_WritesTheOldContentAsANewRevision()
    {
        await using var h = await StartAsync();
        var revs = await ThreeVersionsAsync(h);
        var v1 = (await h.OkAsync("files/list_revisions", J(new { path = "/r/f.txt" }))).GetProperty("entries")[2];
        var current = await h.OkAsync("files/get_metadata", J(new { path = "/r/f.txt" }));
        var restored = await h.OkAsync("files/restore", J(new { path = "/r/f.txt", rev = revs[0] }));
        Assert.Equal(["name", "path_lower", "path_display", "id", "client_modified", "server_modified", "rev", "size", "is_downloadable", "content_hash"],
            PropertyNames(restored));
        Assert.DoesNotContain(revs, r => r == restored.GetProperty("rev").GetString());
        Assert.Equal(v1.GetProperty("content_hash").GetString(), restored.GetProperty("content_hash").GetString());
        Assert.Equal(current.GetProperty("id").GetString(), restored.GetProperty("id").GetString());
        Assert.Equal(4, Revs(await h.OkAsync("files/list_revisions", J(new { path = "/r/f.txt" }))).Count);
    }

    [Fact]
    public async Task Restore_Errors()
    {
        await using var h = await StartAsync();
        var revs = await ThreeVersionsAsync(h);
        var r = await h.CallAsync("files/restore", J(new { path = "/r/f.txt", rev = "0123456789abcdef" }));
        AssertConflict(r, "invalid_revision");
        Assert.Equal("{\".tag\":\"invalid_revision\"}", r.Json.GetProperty("error").GetRawText());
        AssertConflict(await h.CallAsync("files/restore", J(new { path = "/r", rev = revs[0] })), "path_write", "conflict", "folder");
        var badRev = await h.CallAsync("files/restore", J(new { path = "/r/f.txt", rev = "XYZ123456789" }));
        Assert.Equal(400, badRev.Status);
        Assert.Contains("did not match pattern", badRev.Body);
        var deletedRestore = await h.OkAsync("files/restore", J(new { path = "/r/g.txt", rev = revs[1] }));
        Assert.Equal("/r/g.txt", deletedRestore.GetProperty("path_display").GetString());
    }
}
