using System.Net;
using System.Text;
using System.Text.Json;
using PSDropbox.Client;
using PSDropbox.Emulator.Faults;
using PSDropbox.Transport;

namespace PSDropbox.Tests.Unit.Emulator;

public class FaultSpecTests
{
    [Fact]
    public void Parses_the_documented_spec_and_prints_it_back()
    {
        var spec = FaultSpec.Parse("429=0.1,429text=0.05,retryafter=0.5,503=0.05,cut=0.05,slow=0.02,expire=60");
        Assert.Equal(0.1, spec.RateLimitJson);
        Assert.Equal(0.05, spec.RateLimitText);
        Assert.Equal(0.5, spec.RetryAfterShare);
        Assert.Equal(0.05, spec.Unavailable);
        Assert.Equal(0.05, spec.Cut);
        Assert.Equal(0.02, spec.Slow);
        Assert.Equal(60, spec.ExpireSeconds);
        Assert.Equal(spec.ToString(), FaultSpec.Parse(spec.ToString()).ToString());
        Assert.Equal("cut=1,cutside=response", FaultSpec.Parse("cut=1,cutside=response").ToString());
        Assert.Equal("batchwrite=0.25", FaultSpec.Parse("batchwrite=0.25").ToString());
        Assert.False(FaultSpec.Parse("batchwrite=0.25").IsNone);
        Assert.True(FaultSpec.Parse("").IsNone);
        Assert.True(FaultSpec.Parse("none").IsNone);
    }

    [Theory]
    [InlineData("429", "not name=value")]
    [InlineData("teapot=0.1", "Unknown fault 'teapot'")]
    [InlineData("503=1.5", "between 0 and 1")]
    [InlineData("503=0.6,cut=0.6", "add up to 1.2")]
    [InlineData("expire=soon", "whole number")]
    [InlineData("cut=1,cutside=middle", "request or response")]
    public void Refuses_a_bad_spec_with_a_clear_message(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => FaultSpec.Parse(text));
        Assert.Contains(expected, e.Message);
    }
}

public class EmulatorFaultTests
{
    private static Task<EmulatorHarness.Reply> Metadata(EmulatorHarness h) => h.CallAsync("users/get_current_account", null);

    private static async Task SetFaults(EmulatorHarness h, string spec, int seed = 7)
    {
        var response = await h.Http.PostAsync("_emulator/faults", new StringContent(EmulatorHarness.J(new { spec, seed }), Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<JsonElement>> RequestLog(EmulatorHarness h) =>
        [.. JsonDocument.Parse(await h.Http.GetStringAsync("_emulator/requests")).RootElement.EnumerateArray().Select(e => e.Clone())];

    [Fact]
    public async Task A_json_429_carries_Retry_After_in_header_and_body_and_is_logged()
    {
        await using var h = await EmulatorHarness.StartAsync();
        await SetFaults(h, "429=1,retryafter=1,after=3,count=1");

        var refused = await Metadata(h);
        Assert.Equal(429, refused.Status);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.Message.Headers.RetryAfter?.Delta);
        Assert.Equal("too_many_requests", refused.Json.GetProperty("error").GetProperty("reason").GetProperty(".tag").GetString());
        Assert.Equal(3, refused.Json.GetProperty("error").GetProperty("retry_after").GetInt32());
        Assert.Equal(200, (await Metadata(h)).Status); // count=1: one fault only

        var log = await RequestLog(h);
        Assert.Equal("429+retry-after", log[0].GetProperty("fault").GetString());
        Assert.Equal(429, log[0].GetProperty("status").GetInt32());
        Assert.False(log[1].TryGetProperty("fault", out _));
    }

    [Fact]
    public async Task A_text_429_without_Retry_After_and_a_503_have_plain_text_bodies()
    {
        await using var h = await EmulatorHarness.StartAsync();
        await SetFaults(h, "429text=1,retryafter=0,count=1");
        var text = await Metadata(h);
        Assert.Equal(429, text.Status);
        Assert.Equal("text/plain", text.MediaType);
        Assert.Null(text.Message.Headers.RetryAfter);

        await SetFaults(h, "503=1,count=2");
        Assert.Equal(503, (await Metadata(h)).Status);
        Assert.Equal(503, (await Metadata(h)).Status);
        Assert.Equal(200, (await Metadata(h)).Status);
        var state = JsonDocument.Parse(await h.Http.GetStringAsync("_emulator/faults")).RootElement;
        Assert.Equal(2, state.GetProperty("injected").GetInt32());
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_faults_and_another_seed_does_not()
    {
        await using var h = await EmulatorHarness.StartAsync();
        async Task<string> Run(int seed)
        {
            await SetFaults(h, "429=0.25,503=0.25", seed);
            var statuses = new StringBuilder();
            for (var i = 0; i < 40; i++) statuses.Append((await Metadata(h)).Status).Append(' ');
            return statuses.ToString();
        }

        var first = await Run(42);
        Assert.Equal(first, await Run(42));
        Assert.NotEqual(first, await Run(43));
        Assert.Contains("200", first);
        Assert.Contains("429", first);
        Assert.Contains("503", first);
    }

    [Fact]
    public async Task Admin_routes_are_never_faulted_and_routes_can_be_singled_out()
    {
        await using var h = await EmulatorHarness.StartAsync();
        await SetFaults(h, "503=1,routes=files/list_folder");
        Assert.Equal(200, (await Metadata(h)).Status);
        Assert.Equal(503, (await h.CallAsync("files/list_folder", "{\"path\":\"\"}")).Status);
        Assert.NotEmpty(await RequestLog(h));
        var cleared = await h.Http.DeleteAsync("_emulator/faults");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(200, (await h.CallAsync("files/list_folder", "{\"path\":\"\"}")).Status);
    }

    [Fact]
    public async Task A_bad_spec_posted_to_the_admin_endpoint_is_a_400_that_says_why()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var response = await h.Http.PostAsync("_emulator/faults", new StringContent("{\"spec\":\"cut=2\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("between 0 and 1", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_cut_aborts_the_connection_mid_body_and_is_logged_with_where_it_happened()
    {
        await using var h = await EmulatorHarness.StartAsync();
        await h.CreateFolderAsync("/Cut");
        await SetFaults(h, "cut=1,count=6", seed: 3);
        for (var i = 0; i < 6; i++)
            await Assert.ThrowsAnyAsync<Exception>(() => h.CallAsync("files/list_folder", "{\"path\":\"/Cut\",\"recursive\":true}"));

        // The client sees the cut before the emulator's request has finished unwinding (and been logged): give it a moment.
        List<string> faults = [];
        for (var wait = 0; wait < 100 && faults.Count < 6; wait++, await Task.Delay(50))
            faults = [.. (await RequestLog(h)).Where(e => e.TryGetProperty("fault", out _)).Select(e => e.GetProperty("fault").GetString()!)];
        Assert.Equal(6, faults.Count);
        Assert.All(faults, f => Assert.Matches(@"^cut-(request|response)@\d+$", f));
        Assert.Contains(faults, f => f.StartsWith("cut-request", StringComparison.Ordinal));
        Assert.Contains(faults, f => f.StartsWith("cut-response", StringComparison.Ordinal));
        Assert.Equal(200, (await h.CallAsync("files/list_folder", "{\"path\":\"/Cut\"}")).Status);
    }

    [Fact]
    public async Task A_slow_body_stalls_but_arrives_whole()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var expected = (await Metadata(h)).Body;
        await SetFaults(h, "slow=1,slowms=400,count=1");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var slow = await Metadata(h);
        Assert.True(clock.ElapsedMilliseconds >= 380, $"took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(expected, slow.Body);
    }

    [Fact]
    public async Task Expiry_refuses_expiring_tokens_as_expired_and_spares_long_lived_ones()
    {
        await using var h = await EmulatorHarness.StartAsync();
        var account = h.Emulator.Stores.Accounts.EnsureDefault();
        h.Emulator.Stores.Tokens.Put("sl.short-lived-token", account.AccountId, "short_lived", expiresAt: DateTimeOffset.UtcNow.AddHours(4).ToUnixTimeSeconds());
        Assert.Equal(200, (await h.CallAsync("users/get_current_account", null, token: "sl.short-lived-token")).Status);

        await SetFaults(h, "expire=0");
        var expired = await h.CallAsync("users/get_current_account", null, token: "sl.short-lived-token");
        Assert.Equal(401, expired.Status);
        Assert.Equal("expired_access_token", expired.Json.GetProperty("error").GetProperty(".tag").GetString());
        Assert.Equal(200, (await Metadata(h)).Status);
        Assert.Equal("expire", (await RequestLog(h)).Single(e => e.GetProperty("status").GetInt32() == 401).GetProperty("fault").GetString());
    }

    [Fact]
    public async Task The_client_rides_through_every_kind_of_fault_and_the_log_proves_the_retries()
    {
        await using var h = await EmulatorHarness.StartAsync();
        for (var i = 0; i < 5; i++) await h.CreateFolderAsync($"/Ride/f{i}");
        await SetFaults(h, "429=0.1,429text=0.1,429write=0.05,retryafter=0,503=0.1,cut=0.15,slow=0.05,slowms=20", seed: 11);
        var policy = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(5), MaxAttempts = 20 };
        using var client = new DropboxClient(new DropboxTransport(DropboxEndpoints.SingleBase(h.Emulator.BaseUrl), new StaticTokenSource(EmulatorHarness.Token), null, new TransportSettings { Retry = policy }));

        for (var round = 0; round < 20; round++)
        {
            var page = await client.Files.ListFolderAsync("/Ride", false, false, 2, CancellationToken.None);
            var names = page.Entries.Select(e => e.Name).ToList();
            while (page.HasMore)
            {
                page = await client.Files.ListFolderContinueAsync(page.Cursor, CancellationToken.None);
                names.AddRange(page.Entries.Select(e => e.Name));
            }
            Assert.Equal(["f0", "f1", "f2", "f3", "f4"], names.Order());
        }

        var faults = (await RequestLog(h)).Where(e => e.TryGetProperty("fault", out _)).Select(e => e.GetProperty("fault").GetString()!).ToList();
        Assert.True(faults.Count >= 20, $"only {faults.Count} faults were injected");
        foreach (var kind in new[] { "429", "429text", "429write", "503", "cut-", "slow" })
            Assert.Contains(faults, f => f.StartsWith(kind, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Batch_write_contention_falls_on_entries_independently_from_request_to_request()
    {
        await using var h = await EmulatorHarness.StartAsync();
        await SetFaults(h, "batchwrite=0.2", seed: 11);
        var contended = new List<bool>();
        for (var i = 0; i < 400; i++)
        {
            var entry = new { cursor = new { session_id = "pid_upload_session:none", offset = 0 }, commit = new { path = $"/contention/{i}.txt" } };
            var reply = await h.OkAsync("files/upload_session/finish_batch_v2", EmulatorHarness.J(new { entries = new[] { entry } }));
            contended.Add(reply.GetProperty("entries")[0].GetProperty("failure").GetProperty(".tag").GetString() == "too_many_write_operations");
        }

        Assert.InRange(contended.Count(c => c), 50, 110); // 20 % of 400, give or take
        // Whether a request meets contention says nothing about the next few: an entry sent again a request or a few
        // later (as a retried entry is) must not keep meeting it.
        foreach (var gap in new[] { 1, 2, 3, 4 })
        {
            var after = Enumerable.Range(0, contended.Count - gap).Where(i => contended[i]).Select(i => contended[i + gap]).ToList();
            var rate = after.Count(c => c) / (double)after.Count;
            Assert.True(rate < 0.4, $"{rate:P0} of the requests {gap} after a contended one were contended too");
        }
    }
}
