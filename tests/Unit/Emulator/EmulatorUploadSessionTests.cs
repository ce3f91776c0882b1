using System.Text.Json;
using System.Text.RegularExpressions;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>upload_session/start, start_batch, append_v2, finish, finish_batch_v2 (§2.3) and the session admin hooks.</summary>
public sealed class EmulatorUploadSessionTests
{
    private const int Block = 4 * 1024 * 1024;

    private static async Task<string> StartAsync(EmulatorHarness h, byte[] body, string extra = "")
    {
        var r = await h.UploadAsync("files/upload_session/start", $"{{\"close\":false{extra}}}", body);
        Assert.True(r.Status == 200, $"{r.Status}: {r.Body}");
        Assert.Equal(["session_id"], PropertyNames(r.Json));
        return r.Json.GetProperty("session_id").GetString()!;
    }

    private static Task<Reply> AppendAsync(EmulatorHarness h, string id, long offset, byte[] body, bool close = false) =>
        h.UploadAsync("files/upload_session/append_v2", $"{{\"cursor\":{{\"session_id\":\"{id}\",\"offset\":{offset}}},\"close\":{(close ? "true" : "false")}}}", body);

    private static Task<Reply> FinishAsync(EmulatorHarness h, string id, long offset, string path, byte[] body, string mode = "\"add\"") =>
        h.UploadAsync("files/upload_session/finish",
            $"{{\"cursor\":{{\"session_id\":\"{id}\",\"offset\":{offset}}},\"commit\":{{\"path\":{JsonSerializer.Serialize(path)},\"mode\":{mode}}}}}", body);

    private static void AssertSummary(Reply r, string summary)
    {
        Assert.True(r.Status == 409, $"{r.Status}: {r.Body}");
        Assert.Matches(new Regex("^" + Regex.Escape(summary) + @"/\.{0,3}$"), r.Json.GetProperty("error_summary").GetString());
    }

    private static async Task<JsonElement> SessionInfo(EmulatorHarness h, string id) =>
        JsonDocument.Parse(await h.Http.GetStringAsync("_emulator/upload_sessions")).RootElement.EnumerateArray()
            .Single(s => s.GetProperty("session_id").GetString() == id).Clone();

    [Fact]
    public async Task Sequential_StartAppendFinish_CommitsTheBytesInOrder()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var data = TransferCalls.Bytes(30);
        string id = await StartAsync(h, data[..10]);
        Assert.StartsWith("pid_upload_session:", id);
        var append = await AppendAsync(h, id, 10, data[10..20]);
        Assert.Equal(200, append.Status);
        Assert.Equal("null", append.Body);
        var finish = await FinishAsync(h, id, 20, "/s/file.bin", data[20..]);
        Assert.True(finish.Status == 200, finish.Body);
        Assert.False(finish.Json.TryGetProperty(".tag", out _));
        Assert.Equal(30, finish.Json.GetProperty("size").GetInt64());
        Assert.Equal(data, (await h.DownloadAsync("{\"path\":\"/s/file.bin\"}")).Body);
        var info = await SessionInfo(h, id);
        Assert.True(info.GetProperty("finished").GetBoolean());
        Assert.Equal(30, info.GetProperty("bytes_accepted").GetInt64());
        Assert.Equal(0, info.GetProperty("bytes_refused").GetInt64());
        AssertSummary(await AppendAsync(h, id, 30, [1]), "not_found");
    }

    [Fact]
    public async Task IncorrectOffset_CarriesTheCorrectOffset_InlinedForAppend_NestedForFinish()
    {
        await using var h = await EmulatorHarness.StartAsync();
        string id = await StartAsync(h, new byte[1252]);
        var append = await AppendAsync(h, id, 1000, [1, 2]);
        AssertSummary(append, "incorrect_offset");
        Assert.Equal(2, (await SessionInfo(h, id)).GetProperty("bytes_refused").GetInt64());
        Assert.Equal(1252, append.Json.GetProperty("error").GetProperty("correct_offset").GetInt64());

        var finish = await FinishAsync(h, id, 7, "/x.bin", []);
        AssertSummary(finish, "lookup_failed/incorrect_offset");
        var inner = finish.Json.GetProperty("error").GetProperty("lookup_failed");
        Assert.Equal("incorrect_offset", inner.GetProperty(".tag").GetString());
        Assert.Equal(1252, inner.GetProperty("correct_offset").GetInt64());
    }

    [Fact]
    public async Task Closed_RefusesMoreData_ButFinishesWithAnEmptyBody()
    {
        await using var h = await EmulatorHarness.StartAsync();
        string id = await StartAsync(h, [1, 2, 3]);
        Assert.Equal(200, (await AppendAsync(h, id, 3, [4], close: true)).Status);
        AssertSummary(await AppendAsync(h, id, 4, [5]), "closed");
        AssertSummary(await FinishAsync(h, id, 4, "/c.bin", [5]), "lookup_failed/closed");
        var ok = await FinishAsync(h, id, 4, "/c.bin", []);
        Assert.True(ok.Status == 200, ok.Body);
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, (await h.DownloadAsync("{\"path\":\"/c.bin\"}")).Body);
    }

    [Fact]
    public async Task AHashMismatch_LeavesTheOffsetWhereItWas()
    {
        await using var h = await EmulatorHarness.StartAsync();
        string id = await StartAsync(h, [1, 2]);
        var bad = await h.UploadAsync("files/upload_session/append_v2",
            $"{{\"cursor\":{{\"session_id\":\"{id}\",\"offset\":2}},\"content_hash\":\"{new string('0', 64)}\"}}", [3, 4]);
        AssertSummary(bad, "content_hash_mismatch");
        Assert.Equal(2, (await SessionInfo(h, id)).GetProperty("offset").GetInt64());
        Assert.Equal(200, (await AppendAsync(h, id, 2, [3, 4])).Status);
    }

    [Fact]
    public async Task Sessions_ExpireAfterSevenDays_OnTheAdjustableClock()
    {
        await using var h = await EmulatorHarness.StartAsync();
        string id = await StartAsync(h, [1]);
        var advance = await h.Http.PostAsync("_emulator/clock", new StringContent("{\"advance_seconds\":604700}"));
        Assert.True(advance.IsSuccessStatusCode);
        Assert.Equal(200, (await AppendAsync(h, id, 1, [2])).Status);
        await h.Http.PostAsync("_emulator/clock", new StringContent("{\"advance_seconds\":100}"));
        AssertSummary(await AppendAsync(h, id, 2, [3]), "not_found");
        AssertSummary(await FinishAsync(h, id, 2, "/late.bin", []), "lookup_failed/not_found");
        Assert.Equal(400, (int)(await h.Http.PostAsync("_emulator/clock", new StringContent("{\"advance_seconds\":-1}"))).StatusCode);
    }

    [Fact]
    public async Task AFailedCommit_KeepsTheSession_SoTheFinishCanBeRetriedWithoutData()
    {
        await using var h = await EmulatorHarness.StartAsync();
        await h.UploadOkAsync("/taken.txt", "old"u8.ToArray());
        string id = await StartAsync(h, "new "u8.ToArray());
        var conflict = await FinishAsync(h, id, 4, "/taken.txt", "text"u8.ToArray());
        AssertSummary(conflict, "path/conflict/file");
        Assert.Equal("conflict", conflict.Json.GetProperty("error").GetProperty("path").GetProperty(".tag").GetString());
        var retry = await FinishAsync(h, id, 8, "/taken.txt", [], "\"overwrite\"");
        Assert.True(retry.Status == 200, retry.Body);
        Assert.Equal("new text", (await h.DownloadAsync("{\"path\":\"/taken.txt\"}")).Text);
    }

    [Fact]
    public async Task Concurrent_PartsInAnyOrder_FourMiBRule_CloseThenFinish()
    {
        await using var h = await EmulatorHarness.StartAsync();
        AssertSummary(await h.UploadAsync("files/upload_session/start", "{\"session_type\":\"concurrent\"}", [1]), "concurrent_session_data_not_allowed");
        AssertSummary(await h.UploadAsync("files/upload_session/start", "{\"session_type\":{\".tag\":\"concurrent\"},\"close\":true}", []),
            "concurrent_session_close_not_allowed");
        string id = await StartAsync(h, [], ",\"session_type\":\"concurrent\"");
        var data = TransferCalls.Bytes(2 * Block + 10);
        AssertSummary(await AppendAsync(h, id, 5, data[..Block]), "concurrent_session_invalid_offset");
        AssertSummary(await AppendAsync(h, id, 0, data[..100]), "concurrent_session_invalid_data_size");
        Assert.Equal(200, (await AppendAsync(h, id, Block, data[Block..(2 * Block)])).Status);
        AssertSummary(await FinishAsync(h, id, 2 * Block, "/cc.bin", []), "concurrent_session_not_closed");
        Assert.Equal(200, (await AppendAsync(h, id, 2 * Block, data[(2 * Block)..], close: true)).Status);
        AssertSummary(await FinishAsync(h, id, 2 * Block + 10, "/cc.bin", []), "concurrent_session_missing_data");
        Assert.Equal(200, (await AppendAsync(h, id, 0, data[..Block])).Status);
        AssertSummary(await FinishAsync(h, id, 2 * Block + 10, "/cc.bin", [1]), "concurrent_session_data_not_allowed");
        var ok = await FinishAsync(h, id, 2 * Block + 10, "/cc.bin", []);
        Assert.True(ok.Status == 200, ok.Body);
        Assert.Equal(data, (await h.DownloadAsync("{\"path\":\"/cc.bin\"}")).Body);
    }

    [Fact]
    public async Task FinishBatchV2_AnswersEveryEntryInOrder()
    {
        await using var h = await EmulatorHarness.StartAsync();
        string a = await StartAsync(h, "aaa"u8.ToArray(), ",\"close\":true");
        string open = await StartAsync(h, "bb"u8.ToArray());
        string c = await StartAsync(h, "c"u8.ToArray());
        Assert.Equal(200, (await AppendAsync(h, c, 1, "c"u8.ToArray(), close: true)).Status);
        string Entry(string id, long offset, string path) =>
            $"{{\"cursor\":{{\"session_id\":\"{id}\",\"offset\":{offset}}},\"commit\":{{\"path\":\"{path}\"}}}}";
        var j = await h.OkAsync("files/upload_session/finish_batch_v2", $"{{\"entries\":[{Entry(a, 3, "/b/a.txt")},{Entry(open, 2, "/b/open.txt")},{Entry(c, 2, "/b/c.txt")}]}}");
        var entries = j.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(3, entries.Count);
        Assert.Equal("success", entries[0].GetProperty(".tag").GetString());
        Assert.Equal("/b/a.txt", entries[0].GetProperty("path_display").GetString());
        Assert.Equal(".tag", PropertyNames(entries[0])[0]);
        Assert.Equal("failure", entries[1].GetProperty(".tag").GetString());
        var failure = entries[1].GetProperty("failure");
        Assert.Equal("lookup_failed", failure.GetProperty(".tag").GetString());
        Assert.Equal("not_closed", failure.GetProperty("lookup_failed").GetProperty(".tag").GetString());
        Assert.Equal("/b/c.txt", entries[2].GetProperty("path_display").GetString());
        Assert.Equal("cc", (await h.DownloadAsync("{\"path\":\"/b/c.txt\"}")).Text);
    }

    private static string FinishEntry(string id, long offset, string path) =>
        $"{{\"cursor\":{{\"session_id\":\"{id}\",\"offset\":{offset}}},\"commit\":{{\"path\":\"{path}\"}}}}";

    [Fact]
    public async Task StartBatch_GivesThatManyEmptySessions_OfTheAskedType()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var j = await h.OkAsync("files/upload_session/start_batch", "{\"num_sessions\":3}");
        Assert.Equal(["session_ids"], PropertyNames(j));
        var ids = j.GetProperty("session_ids").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.All(ids, id => Assert.StartsWith("pid_upload_session:", id));
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var info = await SessionInfo(h, id);
            Assert.Equal("sequential", info.GetProperty("session_type").GetString());
            Assert.Equal(0, info.GetProperty("offset").GetInt64());
            Assert.Equal(200, (await AppendAsync(h, id, 0, [(byte)i, 7])).Status);
            var finish = await FinishAsync(h, id, 2, $"/batch/{i}.bin", []);
            Assert.True(finish.Status == 200, finish.Body);
            Assert.Equal(2, finish.Json.GetProperty("size").GetInt64());
        }

        var concurrent = await h.OkAsync("files/upload_session/start_batch", "{\"num_sessions\":1,\"session_type\":\"concurrent\"}");
        string cid = concurrent.GetProperty("session_ids")[0].GetString()!;
        Assert.Equal("concurrent", (await SessionInfo(h, cid)).GetProperty("session_type").GetString());

        Assert.Equal(400, (await h.CallAsync("files/upload_session/start_batch", "{\"num_sessions\":0}")).Status);
        Assert.Equal(400, (await h.CallAsync("files/upload_session/start_batch", "{\"num_sessions\":1001}")).Status);
        Assert.Equal(400, (await h.CallAsync("files/upload_session/start_batch", "{}")).Status);
        Assert.Equal(400, (await h.CallAsync("files/upload_session/start_batch", "{\"num_sessions\":1,\"session_type\":\"parallel\"}")).Status);
    }

    [Fact]
    public async Task FinishBatchV2_BatchWriteFault_FailsEntriesAlone_AndKeepsTheirSessions()
    {
        await using var h = await EmulatorHarness.StartAsync();
        string a = await StartAsync(h, "aaa"u8.ToArray(), ",\"close\":true");
        string b = await StartAsync(h, "bb"u8.ToArray(), ",\"close\":true");
        string batch = $"{{\"entries\":[{FinishEntry(a, 3, "/w/a.txt")},{FinishEntry(b, 2, "/w/b.txt")}]}}";
        var set = await h.Http.PostAsync("_emulator/faults", new StringContent(J(new { spec = "batchwrite=1", seed = 3 }), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(set.IsSuccessStatusCode);

        var refused = await h.OkAsync("files/upload_session/finish_batch_v2", batch);
        foreach (var entry in refused.GetProperty("entries").EnumerateArray())
        {
            Assert.Equal("{\".tag\":\"failure\",\"failure\":{\".tag\":\"too_many_write_operations\"}}", entry.GetRawText());
        }
        Assert.False((await SessionInfo(h, a)).GetProperty("finished").GetBoolean());
        var log = JsonDocument.Parse(await h.Http.GetStringAsync("_emulator/requests?route=files/upload_session/finish_batch_v2")).RootElement;
        Assert.Equal("batchwrite@0|1", log[0].GetProperty("fault").GetString());

        await h.Http.DeleteAsync("_emulator/faults");
        var done = await h.OkAsync("files/upload_session/finish_batch_v2", batch);
        Assert.All(done.GetProperty("entries").EnumerateArray(), e => Assert.Equal("success", e.GetProperty(".tag").GetString()));
        Assert.Equal("bb", (await h.DownloadAsync("{\"path\":\"/w/b.txt\"}")).Text);
    }

    [Fact]
    public async Task FinishBatchV2_AMalformedEntry_RefusesTheCall_BeforeAnyEntryCommits()
    {
        await using var h = await EmulatorHarness.StartAsync();
        string a = await StartAsync(h, "aaa"u8.ToArray(), ",\"close\":true");
        var r = await h.CallAsync("files/upload_session/finish_batch_v2", $"{{\"entries\":[{FinishEntry(a, 3, "/m/a.txt")},{{\"cursor\":{{\"session_id\":\"x\"}}}}]}}");
        Assert.Equal(400, r.Status);
        Assert.Contains("offset", r.Body);
        Assert.False((await SessionInfo(h, a)).GetProperty("finished").GetBoolean());
        Assert.Equal(409, (await h.CallAsync("files/get_metadata", "{\"path\":\"/m/a.txt\"}")).Status);
    }
}
