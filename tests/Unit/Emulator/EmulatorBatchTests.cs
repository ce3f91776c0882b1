using System.Text.Json;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;
using static PSDropbox.Tests.Unit.Emulator.EmulatorMetadataTests;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>copy_batch_v2, move_batch_v2, delete_batch, create_folder_batch, their /check routes, and permanently_delete.</summary>
public sealed class EmulatorBatchTests
{
    private static async Task<JsonElement> PollAsync(EmulatorHarness h, string checkRoute, string jobId)
    {
        for (int i = 0; i < 200; i++)
        {
            var status = await h.OkAsync(checkRoute, J(new { async_job_id = jobId }));
            if (status.GetProperty(".tag").GetString() == "complete")
            {
                return status;
            }
            Assert.Equal("{\".tag\":\"in_progress\"}", status.GetRawText());
            await Task.Delay(25);
        }
        throw new TimeoutException("job never completed");
    }

    private static string LaunchedJobId(JsonElement launch)
    {
        Assert.Equal([".tag", "async_job_id"], PropertyNames(launch));
        Assert.Equal("async_job_id", launch.GetProperty(".tag").GetString());
        return launch.GetProperty("async_job_id").GetString()!;
    }

    [Fact]
    public async Task CopyBatch_RunsInTheBackground_ThenReportsEachEntry()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("", ("a.txt", "a"), ("b.txt", "b"), ("e.txt", "e"));
        h.Emulator.Stores.Jobs.StartDelay = TimeSpan.FromMilliseconds(400);
        var launch = await h.OkAsync("files/copy_batch_v2", J(new
        {
            entries = new[] { new { from_path = "/a.txt", to_path = "/c/a.txt" }, new { from_path = "/missing", to_path = "/c/m" }, new { from_path = "/b.txt", to_path = "/e.txt" } },
        }));
        string id = LaunchedJobId(launch);
        Assert.Equal("{\".tag\":\"in_progress\"}", (await h.OkAsync("files/copy_batch/check_v2", J(new { async_job_id = id }))).GetRawText());
        var done = await PollAsync(h, "files/copy_batch/check_v2", id);
        Assert.Equal([".tag", "entries"], PropertyNames(done));
        var entries = done.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(3, entries.Count);
        Assert.Equal([".tag", "success"], PropertyNames(entries[0]));
        Assert.Equal("file", entries[0].GetProperty("success").GetProperty(".tag").GetString());
        Assert.Equal("/c/a.txt", entries[0].GetProperty("success").GetProperty("path_display").GetString());
        Assert.Equal("{\".tag\":\"failure\",\"failure\":{\".tag\":\"relocation_error\",\"relocation_error\":{\".tag\":\"from_lookup\",\"from_lookup\":{\".tag\":\"not_found\"}}}}",
            entries[1].GetRawText());
        Assert.Equal("{\".tag\":\"failure\",\"failure\":{\".tag\":\"relocation_error\",\"relocation_error\":{\".tag\":\"to\",\"to\":{\".tag\":\"conflict\",\"conflict\":{\".tag\":\"file\"}}}}}",
            entries[2].GetRawText());
        await h.OkAsync("files/get_metadata", J(new { path = "/c/a.txt" }));
    }

    [Fact]
    public async Task MoveBatch_NestedOrDuplicatedEntries_FailAlone_Autorename()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/S", ("one.txt", "1"), ("two.txt", "2"), ("sub/three.txt", "3"));
        await h.SeedAsync("/D", ("two.txt", "existing"));
        var launch = await h.OkAsync("files/move_batch_v2", J(new
        {
            entries = new[]
            {
                new { from_path = "/S/sub", to_path = "/D/sub" },
                new { from_path = "/S/sub/three.txt", to_path = "/D/three.txt" },
                new { from_path = "/S/two.txt", to_path = "/D/two.txt" },
            },
            autorename = true,
            allow_ownership_transfer = false,
        }));
        var done = await PollAsync(h, "files/move_batch/check_v2", LaunchedJobId(launch));
        var entries = done.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal("folder", entries[0].GetProperty("success").GetProperty(".tag").GetString());
        Assert.Equal("{\".tag\":\"failure\",\"failure\":{\".tag\":\"relocation_error\",\"relocation_error\":{\".tag\":\"duplicated_or_nested_paths\"}}}",
            entries[1].GetRawText());
        Assert.Equal("two (1).txt", entries[2].GetProperty("success").GetProperty("name").GetString());
        AssertConflict(await h.CallAsync("files/get_metadata", J(new { path = "/S/two.txt" })), "path", "not_found");
    }

    [Fact]
    public async Task DeleteBatch_ReportsMetadataOrDeleteError_PerEntry()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("", ("a.txt", "a"), ("b.txt", "b"));
        var b = await h.OkAsync("files/get_metadata", J(new { path = "/b.txt" }));
        var launch = await h.OkAsync("files/delete_batch", J(new
        {
            entries = new object[] { new { path = "/a.txt" }, new { path = "/gone" }, new { path = "/b.txt", parent_rev = "0123456789abcdef" } },
        }));
        var done = await PollAsync(h, "files/delete_batch/check", LaunchedJobId(launch));
        var entries = done.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal([".tag", "metadata"], PropertyNames(entries[0]));
        Assert.Equal("success", entries[0].GetProperty(".tag").GetString());
        Assert.Equal("/a.txt", entries[0].GetProperty("metadata").GetProperty("path_display").GetString());
        Assert.Equal("file", entries[0].GetProperty("metadata").GetProperty(".tag").GetString());
        Assert.Equal("{\".tag\":\"failure\",\"failure\":{\".tag\":\"path_lookup\",\"path_lookup\":{\".tag\":\"not_found\"}}}", entries[1].GetRawText());
        Assert.Equal("{\".tag\":\"failure\",\"failure\":{\".tag\":\"path_write\",\"path_write\":{\".tag\":\"conflict\",\"conflict\":{\".tag\":\"file\"}}}}",
            entries[2].GetRawText());
        Assert.Equal(b.GetRawText(), (await h.OkAsync("files/get_metadata", J(new { path = "/b.txt" }))).GetRawText());
    }

    [Fact]
    public async Task Check_UnknownJob_IsInvalidAsyncJobId_AndEntryCountIsValidated()
    {
        await using var h = await StartAsync();
        foreach (var route in new[] { "files/delete_batch/check", "files/copy_batch/check_v2", "files/move_batch/check_v2" })
        {
            var r = await h.CallAsync(route, J(new { async_job_id = "dbjid:nothing" }));
            AssertConflict(r, "invalid_async_job_id");
        }
        var empty = await h.CallAsync("files/delete_batch", J(new { entries = Array.Empty<object>() }));
        Assert.Equal(400, empty.Status);
        Assert.Equal("text/plain", empty.MediaType);
        var tooMany = Enumerable.Range(0, 1001).Select(i => new { path = $"/f{i}" }).ToArray();
        Assert.Equal(400, (await h.CallAsync("files/delete_batch", J(new { entries = tooMany }))).Status);
        Assert.Equal(400, (await h.CallAsync("files/copy_batch_v2", J(new { entries = new[] { new { from_path = "x", to_path = "/y" } } }))).Status);
    }

    [Fact]
    public async Task PermanentlyDelete_ReturnsNull_AndForgetsTheHistory()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/P", ("f.txt", "v1"));
        var r = await h.CallAsync("files/permanently_delete", J(new { path = "/P" }));
        Assert.Equal(200, r.Status);
        Assert.Equal("null", r.Body);
        var list = await h.OkAsync("files/list_folder", J(new { path = "", recursive = true, include_deleted = true }));
        Assert.Equal(0, list.GetProperty("entries").GetArrayLength());
        AssertConflict(await h.CallAsync("files/list_revisions", J(new { path = "/P/f.txt" })), "path", "not_found");
        AssertConflict(await h.CallAsync("files/permanently_delete", J(new { path = "/P" })), "path_lookup", "not_found");
    }

    [Fact]
    public async Task CreateFolderBatch_CompletesAtOnce_EachPathInOrder_DuplicatesOnce()
    {
        await using var h = await StartAsync();
        await h.CreateFolderAsync("/Taken");
        var done = await h.OkAsync("files/create_folder_batch", J(new { paths = new[] { "/New/A", "/Taken", "/new/a", "/bad/", "/desktop.ini" } }));
        Assert.Equal([".tag", "entries"], PropertyNames(done));
        Assert.Equal("complete", done.GetProperty(".tag").GetString());
        var entries = done.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(5, entries.Count);
        Assert.Equal([".tag", "metadata"], PropertyNames(entries[0]));
        Assert.Equal("/New/A", entries[0].GetProperty("metadata").GetProperty("path_display").GetString());
        Assert.False(entries[0].GetProperty("metadata").TryGetProperty(".tag", out _));
        Assert.Equal("{\".tag\":\"failure\",\"failure\":{\".tag\":\"path\",\"path\":{\".tag\":\"conflict\",\"conflict\":{\".tag\":\"folder\"}}}}", entries[1].GetRawText());
        Assert.Equal(entries[0].GetRawText(), entries[2].GetRawText());
        Assert.Equal("{\".tag\":\"failure\",\"failure\":{\".tag\":\"path\",\"path\":{\".tag\":\"malformed_path\"}}}", entries[3].GetRawText());
        Assert.Equal("{\".tag\":\"failure\",\"failure\":{\".tag\":\"path\",\"path\":{\".tag\":\"disallowed_name\"}}}", entries[4].GetRawText());

        var renamed = await h.OkAsync("files/create_folder_batch", J(new { paths = new[] { "/Taken" }, autorename = true }));
        Assert.Equal("/Taken (1)", renamed.GetProperty("entries")[0].GetProperty("metadata").GetProperty("path_display").GetString());
        Assert.Equal(400, (await h.CallAsync("files/create_folder_batch", J(new { paths = new[] { "relative" } }))).Status);
        Assert.Equal(400, (await h.CallAsync("files/create_folder_batch", J(new { paths = "/x" }))).Status);
    }

    [Fact]
    public async Task CreateFolderBatch_ForceAsync_LaunchesAJob_CheckedLikeTheOthers()
    {
        await using var h = await StartAsync();
        var launch = await h.OkAsync("files/create_folder_batch", J(new { paths = new[] { "/J/1", "/J/2" }, force_async = true }));
        string id = LaunchedJobId(launch);
        var done = await PollAsync(h, "files/create_folder_batch/check", id);
        Assert.Equal(["/J/1", "/J/2"], done.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("metadata").GetProperty("path_display").GetString()));
        await h.OkAsync("files/get_metadata", J(new { path = "/J/2" }));
        Assert.Equal("{\".tag\":\"invalid_async_job_id\"}",
            (await h.CallAsync("files/create_folder_batch/check", J(new { async_job_id = "dbjid:nope" }))).Json.GetProperty("error").GetRawText());
    }
}
