using System.Net.Http.Json;
using System.Text.Json;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>Shared folders made with POST /_emulator/shared_folders: sharing_info, and no_write_permission when read-only.</summary>
public sealed class EmulatorSharingInfoTests
{
    private static async Task<JsonElement> ShareAsync(EmulatorHarness h, object body)
    {
        var resp = await h.Http.PostAsJsonAsync("_emulator/shared_folders", body);
        string text = await resp.Content.ReadAsStringAsync();
        Assert.True(resp.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static void AssertError(Reply r, string errorJson)
    {
        Assert.True(r.Status == 409, $"{r.Status}: {r.Body}");
        Assert.Equal(errorJson, r.Json.GetProperty("error").GetRawText());
    }

    [Fact]
    public async Task ItemsInASharedFolder_CarrySharingInfo_TheFolderItsSharedFolderId()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/Team", ("plan.txt", "p"), ("sub/deep.txt", "d"));
        await h.SeedAsync("/Mine", ("own.txt", "o"));
        var shared = await ShareAsync(h, new { path = "/team" });
        string id = shared.GetProperty("shared_folder_id").GetString()!;
        Assert.Matches("^[0-9]+$", id);
        Assert.Equal("/Team", shared.GetProperty("path_display").GetString());
        Assert.False(shared.GetProperty("read_only").GetBoolean());
        string me = (await h.OkAsync("users/get_current_account", null)).GetProperty("account_id").GetString()!;

        var folder = await h.OkAsync("files/get_metadata", J(new { path = "/Team" }));
        Assert.Equal(["name", "path_lower", "path_display", "id", "shared_folder_id", "sharing_info"], PropertyNames(folder).Skip(1));
        Assert.Equal($"{{\"read_only\":false,\"shared_folder_id\":\"{id}\",\"traverse_only\":false,\"no_access\":false}}", folder.GetProperty("sharing_info").GetRawText());

        var file = await h.OkAsync("files/get_metadata", J(new { path = "/Team/sub/deep.txt" }));
        Assert.Equal(id, file.GetProperty("parent_shared_folder_id").GetString());
        Assert.Equal($"{{\"read_only\":false,\"parent_shared_folder_id\":\"{id}\",\"modified_by\":\"{me}\"}}", file.GetProperty("sharing_info").GetRawText());
        var names = PropertyNames(file);
        Assert.Equal(names.IndexOf("is_downloadable") - 1, names.IndexOf("sharing_info"));

        var sub = await h.OkAsync("files/get_metadata", J(new { path = "/Team/sub" }));
        Assert.Equal($"{{\"read_only\":false,\"parent_shared_folder_id\":\"{id}\",\"traverse_only\":false,\"no_access\":false}}", sub.GetProperty("sharing_info").GetRawText());
        Assert.False(sub.TryGetProperty("shared_folder_id", out _));

        var listed = await h.OkAsync("files/list_folder", J(new { path = "", recursive = true }));
        foreach (var e in listed.GetProperty("entries").EnumerateArray())
        {
            bool inside = e.GetProperty("path_lower").GetString()!.StartsWith("/team", StringComparison.Ordinal);
            Assert.Equal(inside, e.TryGetProperty("sharing_info", out _));
        }

        // a file written into it gets sharing_info in the answer itself; moved, the folder stays shared
        var uploaded = await h.UploadOkAsync("/Team/new.txt", "n"u8.ToArray());
        Assert.Equal(id, uploaded.GetProperty("sharing_info").GetProperty("parent_shared_folder_id").GetString());
        await h.OkAsync("files/move_v2", J(new { from_path = "/Team", to_path = "/Renamed" }));
        Assert.Equal(id, (await h.OkAsync("files/get_metadata", J(new { path = "/Renamed/new.txt" }))).GetProperty("sharing_info").GetProperty("parent_shared_folder_id").GetString());
    }

    [Fact]
    public async Task ReadOnlySharedFolder_RefusesEveryWrite_WithNoWritePermission_ReadsStillWork()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/RO", ("keep.txt", "k"), ("dir/x.txt", "x"));
        var shared = await ShareAsync(h, new { path = "/RO", read_only = true });
        Assert.True(shared.GetProperty("read_only").GetBoolean());
        Assert.True((await h.OkAsync("files/get_metadata", J(new { path = "/RO/keep.txt" }))).GetProperty("sharing_info").GetProperty("read_only").GetBoolean());

        var upload = await h.UploadAsync("files/upload", "{\"path\":\"/RO/new.txt\"}", "n"u8.ToArray());
        Assert.Equal(409, upload.Status);
        Assert.Equal("{\".tag\":\"no_write_permission\"}", upload.Json.GetProperty("error").GetProperty("reason").GetRawText());
        AssertError(await h.CallAsync("files/create_folder_v2", J(new { path = "/RO/dir/more" })), "{\".tag\":\"path\",\"path\":{\".tag\":\"no_write_permission\"}}");
        AssertError(await h.CallAsync("files/delete_v2", J(new { path = "/RO/keep.txt" })), "{\".tag\":\"path_write\",\"path_write\":{\".tag\":\"no_write_permission\"}}");
        AssertError(await h.CallAsync("files/delete_v2", J(new { path = "/RO" })), "{\".tag\":\"path_write\",\"path_write\":{\".tag\":\"no_write_permission\"}}");
        AssertError(await h.CallAsync("files/move_v2", J(new { from_path = "/RO/keep.txt", to_path = "/out.txt" })),
            "{\".tag\":\"from_write\",\"from_write\":{\".tag\":\"no_write_permission\"}}");
        await h.UploadOkAsync("/outside.txt", "o"u8.ToArray());
        AssertError(await h.CallAsync("files/copy_v2", J(new { from_path = "/outside.txt", to_path = "/RO/in.txt" })),
            "{\".tag\":\"to\",\"to\":{\".tag\":\"no_write_permission\"}}");
        Assert.Equal("/copied.txt", (await h.OkAsync("files/copy_v2", J(new { from_path = "/RO/keep.txt", to_path = "/copied.txt" })))
            .GetProperty("metadata").GetProperty("path_display").GetString());
        Assert.Equal("k", (await h.DownloadAsync(J(new { path = "/RO/keep.txt" }))).Text);

        await ShareAsync(h, new { path = "/RO", read_only = false });
        await h.UploadOkAsync("/RO/new.txt", "n"u8.ToArray());
        await h.OkAsync("files/delete_v2", J(new { path = "/RO/keep.txt" }));
    }

    [Fact]
    public async Task SharedFoldersHook_RefusesWhatItCannotShare()
    {
        await using var h = await StartAsync();
        await h.UploadOkAsync("/file.txt", "f"u8.ToArray());
        foreach (var body in new object[] { new { }, new { path = "" }, new { path = "/x", account = "nobody" }, new { path = "/file.txt" } })
        {
            var resp = await h.Http.PostAsJsonAsync("_emulator/shared_folders", body);
            Assert.Equal(400, (int)resp.StatusCode);
            Assert.Contains("shared_folders", await resp.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task PropertyGroupsAndExplicitMembers_AppearWhenAskedFor()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/P", ("f.txt", "f"));
        var filter = new Dictionary<string, object> { [".tag"] = "filter_some", ["filter_some"] = new[] { "ptid:1a5n2i6d3OYEAAAAAAAAAYa" } };
        var file = await h.OkAsync("files/get_metadata", J(new { path = "/P/f.txt", include_property_groups = filter, include_has_explicit_shared_members = true }));
        Assert.Equal("[]", file.GetProperty("property_groups").GetRawText());
        Assert.False(file.GetProperty("has_explicit_shared_members").GetBoolean());
        var names = PropertyNames(file);
        Assert.Equal(["property_groups", "has_explicit_shared_members", "content_hash"], names.Skip(names.IndexOf("property_groups")));
        var folder = await h.OkAsync("files/get_metadata", J(new { path = "/P", include_property_groups = filter }));
        Assert.Equal("[]", folder.GetProperty("property_groups").GetRawText());

        var page = await h.OkAsync("files/list_folder", J(new { path = "/P", include_property_groups = filter, limit = 1 }));
        Assert.Equal("[]", page.GetProperty("entries")[0].GetProperty("property_groups").GetRawText());
        Assert.False((await h.OkAsync("files/get_metadata", J(new { path = "/P/f.txt" }))).TryGetProperty("property_groups", out _));

        var bad = new Dictionary<string, object> { [".tag"] = "filter_some", ["filter_some"] = Array.Empty<string>() };
        Assert.Equal(400, (await h.CallAsync("files/get_metadata", J(new { path = "/P", include_property_groups = bad }))).Status);
        Assert.Equal(400, (await h.CallAsync("files/get_metadata", J(new { path = "/P", include_property_groups = "filter_none" }))).Status);
    }
}
