using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PSDropbox.Emulator;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;
using static PSDropbox.Tests.Unit.Emulator.EmulatorMetadataTests;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>files/list_folder/get_latest_cursor, list_folder/longpoll, journal retention (reset) and their settings.</summary>
public sealed class EmulatorChangesTests
{
    private static List<string> Entries(JsonElement page) =>
        [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty(".tag").GetString() + " " + e.GetProperty("path_display").GetString())];

    private static async Task<string> LatestCursorAsync(EmulatorHarness h, string path, bool recursive = false)
    {
        var j = await h.OkAsync("files/list_folder/get_latest_cursor", J(new { path, recursive }));
        Assert.Equal(["cursor"], PropertyNames(j));
        return j.GetProperty("cursor").GetString()!;
    }

    private static Task<Reply> LongpollAsync(EmulatorHarness h, string cursor, int? timeout = null) =>
        h.CallAsync("files/list_folder/longpoll", timeout is int t ? J(new { cursor, timeout = t }) : J(new { cursor }), token: null);

    private static async Task<JsonElement> SetChangesAsync(EmulatorHarness h, object settings)
    {
        var resp = await h.Http.PostAsync("_emulator/changes", new StringContent(J(settings), Encoding.UTF8, "application/json"));
        string body = await resp.Content.ReadAsStringAsync();
        Assert.True(resp.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task LatestCursor_ReportsExactlyTheChangesMadeAfterIt_DeletionsIncluded()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/Box", ("keep.txt", "k"), ("gone.txt", "g"), ("Sub/old.txt", "o"));
        string cursor = await LatestCursorAsync(h, "/box", recursive: true);

        await h.CreateFolderAsync("/Box/New");
        await h.SeedAsync("/Box/New", ("added.txt", "a"));
        await h.OkAsync("files/delete_v2", J(new { path = "/Box/gone.txt" }));
        await h.OkAsync("files/delete_v2", J(new { path = "/Box/Sub" }));
        await h.CreateFolderAsync("/Elsewhere");

        var page = await h.OkAsync("files/list_folder/continue", J(new { cursor }));
        Assert.Equal(["deleted /Box/gone.txt", "folder /Box/New", "file /Box/New/added.txt", "deleted /Box/Sub", "deleted /Box/Sub/old.txt"], Entries(page));
        Assert.False(page.GetProperty("has_more").GetBoolean());
        var deleted = page.GetProperty("entries")[0];
        Assert.Equal(["name", "path_lower", "path_display"], PropertyNames(deleted).Where(n => n != ".tag").ToList());

        var again = await h.OkAsync("files/list_folder/continue", J(new { cursor = page.GetProperty("cursor").GetString() }));
        Assert.Empty(again.GetProperty("entries").EnumerateArray());
    }

    [Fact]
    public async Task LatestCursor_NonRecursive_SeesOnlyDirectChildren_AndValidatesThePath()
    {
        await using var h = await StartAsync();
        await h.SeedAsync("/Top", ("Deep/x.txt", "x"), ("file.txt", "f"));
        string cursor = await LatestCursorAsync(h, "/Top");
        await h.CreateFolderAsync("/Top/Deep/Deeper");
        await h.CreateFolderAsync("/Top/Direct");
        var page = await h.OkAsync("files/list_folder/continue", J(new { cursor }));
        Assert.Equal(["folder /Top/Direct"], Entries(page));

        AssertConflict(await h.CallAsync("files/list_folder/get_latest_cursor", J(new { path = "/missing" })), "path", "not_found");
        AssertConflict(await h.CallAsync("files/list_folder/get_latest_cursor", J(new { path = "/Top/file.txt" })), "path", "not_folder");
        Assert.Equal(400, (await h.CallAsync("files/list_folder/get_latest_cursor", J(new { path = "/Top", limit = 0 }))).Status);
    }

    [Fact]
    public async Task Longpoll_WithAnAuthorizationHeader_IsThe400DropboxGives()
    {
        await using var h = await StartAsync();
        string cursor = await LatestCursorAsync(h, "");
        var r = await h.CallAsync("files/list_folder/longpoll", J(new { cursor }));
        Assert.Equal(400, r.Status);
        Assert.Equal("text/plain", r.MediaType);
        Assert.Equal("Error in call to API function \"files/list_folder/longpoll\": Your request includes an Authorization header, but this function does not use it.", r.Body);
    }

    [Fact]
    public async Task Longpoll_RejectsBadCursorsAndTimeoutsOutside30To480()
    {
        await using var h = await StartAsync();
        string cursor = await LatestCursorAsync(h, "");
        var bad = await LongpollAsync(h, "not-a-cursor");
        Assert.Equal(400, bad.Status);
        Assert.Contains("Invalid \"cursor\" parameter", bad.Body);
        var low = await LongpollAsync(h, cursor, timeout: 29);
        Assert.Equal(400, low.Status);
        Assert.Contains("timeout", low.Body);
        Assert.Equal(400, (await LongpollAsync(h, cursor, timeout: 481)).Status);
    }

    [Fact]
    public async Task Longpoll_AnswersAsSoonAsAChangeLandsInScope_NotForChangesElsewhere()
    {
        await using var h = await StartAsync();
        await SetChangesAsync(h, new { longpoll_timeout_seconds = 20, longpoll_jitter_seconds = 0 });
        await h.CreateFolderAsync("/Watched");
        string cursor = await LatestCursorAsync(h, "/Watched");

        var poll = LongpollAsync(h, cursor, timeout: 30);
        await h.CreateFolderAsync("/Unwatched");
        await Task.Delay(300);
        Assert.False(poll.IsCompleted);
        var sw = Stopwatch.StartNew();
        await h.CreateFolderAsync("/Watched/Inner");
        var r = await poll;
        sw.Stop();
        Assert.Equal(200, r.Status);
        Assert.Equal("application/json", r.MediaType);
        Assert.Equal("{\"changes\":true}", r.Body);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(15), $"longpoll answered {sw.ElapsedMilliseconds} ms after the change");
    }

    [Fact]
    public async Task Longpoll_TimesOutWithNoChanges_AndCarriesBackoffWhenConfigured()
    {
        await using var h = await StartAsync();
        string cursor = await LatestCursorAsync(h, "");
        await SetChangesAsync(h, new { longpoll_timeout_seconds = 0.2, longpoll_jitter_seconds = 0 });
        Assert.Equal("{\"changes\":false}", (await LongpollAsync(h, cursor)).Body);

        await SetChangesAsync(h, new { longpoll_backoff_seconds = 7 });
        Assert.Equal("{\"changes\":false,\"backoff\":7}", (await LongpollAsync(h, cursor)).Body);
        await h.CreateFolderAsync("/x");
        Assert.Equal("{\"changes\":true,\"backoff\":7}", (await LongpollAsync(h, cursor)).Body);
    }

    [Fact]
    public async Task JournalRetention_ResetsCursorsThatPointBeforeTheKeptRows()
    {
        await using var h = await StartAsync();
        string old = await LatestCursorAsync(h, "");
        await h.CreateFolderAsync("/a");
        var state = await SetChangesAsync(h, new { journal_keep_rows = 0 });
        Assert.Equal(state.GetProperty("latest_seq").GetInt64(), state.GetProperty("journal_floor").GetInt64());

        AssertConflict(await h.CallAsync("files/list_folder/continue", J(new { cursor = old })), "reset");
        AssertConflict(await LongpollAsync(h, old), "reset");

        string fresh = await LatestCursorAsync(h, "");
        await SetChangesAsync(h, new { journal_keep_rows = (long?)null });
        await h.CreateFolderAsync("/b");
        Assert.Equal(["folder /b"], Entries(await h.OkAsync("files/list_folder/continue", J(new { cursor = fresh }))));
    }

    [Fact]
    public async Task JournalRetention_KeepRows_DropsOnlyOlderRows()
    {
        await using var h = await StartAsync();
        await SetChangesAsync(h, new { journal_keep_rows = 2 });
        string c0 = await LatestCursorAsync(h, "");
        await h.CreateFolderAsync("/one");
        string c1 = await LatestCursorAsync(h, "");
        await h.CreateFolderAsync("/two");
        await h.CreateFolderAsync("/three");
        AssertConflict(await h.CallAsync("files/list_folder/continue", J(new { cursor = c0 })), "reset");
        Assert.Equal(["folder /three", "folder /two"], Entries(await h.OkAsync("files/list_folder/continue", J(new { cursor = c1 }))));
    }

    [Fact]
    public async Task Options_SetTheStartingSettings_AndShutdownEndsAPendingLongpollAtOnce()
    {
        string dir = NewTempDir();
        try
        {
            var emu = await DropboxEmulator.StartAsync(new EmulatorOptions
            {
                Port = 0, DataDirectory = dir, AccessToken = Token,
                LongpollTimeout = TimeSpan.FromSeconds(300), LongpollJitter = TimeSpan.Zero, LongpollBackoff = 3, JournalKeepRows = 5,
            });
            using var http = new HttpClient { BaseAddress = emu.BaseUrl };
            var settings = JsonDocument.Parse(await http.GetStringAsync("_emulator/changes")).RootElement;
            Assert.Equal(300, settings.GetProperty("longpoll_timeout_seconds").GetDouble());
            Assert.Equal(0, settings.GetProperty("longpoll_jitter_seconds").GetDouble());
            Assert.Equal(3, settings.GetProperty("longpoll_backoff_seconds").GetInt64());
            Assert.Equal(5, settings.GetProperty("journal_keep_rows").GetInt64());

            using var latest = new HttpRequestMessage(HttpMethod.Post, "2/files/list_folder/get_latest_cursor")
            {
                Content = new StringContent("{\"path\":\"\"}", Encoding.UTF8, "application/json"),
            };
            latest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            string cursor = JsonDocument.Parse(await (await http.SendAsync(latest)).Content.ReadAsStringAsync()).RootElement.GetProperty("cursor").GetString()!;
            var poll = http.PostAsync("2/files/list_folder/longpoll", new StringContent(J(new { cursor }), Encoding.UTF8, "application/json"));
            await Task.Delay(200);
            Assert.False(poll.IsCompleted);

            var sw = Stopwatch.StartNew();
            await emu.DisposeAsync();
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(15), $"shutdown took {sw.Elapsed}");
            var answer = await poll;
            Assert.Equal("{\"changes\":false,\"backoff\":3}", await answer.Content.ReadAsStringAsync());
        }
        finally
        {
            DeleteDir(dir);
        }
    }
}
