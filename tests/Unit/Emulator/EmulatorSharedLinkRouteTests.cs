using System.Net.Http.Headers;
using System.Text.Json;
using PSDropbox.Emulator;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>sharing/modify_shared_link_settings, get_shared_link_metadata and get_shared_link_file.</summary>
public sealed class EmulatorSharedLinkRouteTests
{
    private const string BobToken = "bob-token";

    private static Task<EmulatorHarness> StartWithBobAsync() =>
        EmulatorHarness.StartAsync(configure: o => o.Accounts = [EmulatorAccount.Parse("bob:" + BobToken)]);

    private static async Task<string> LinkAsync(EmulatorHarness h, string path, object? settings = null)
    {
        var link = await h.OkAsync("sharing/create_shared_link_with_settings", settings is null ? J(new { path }) : J(new { path, settings }));
        return link.GetProperty("url").GetString()!;
    }

    private static async Task<TransferCalls.Download> LinkFileAsync(EmulatorHarness h, object arg, string token = Token, string? range = null)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "2/sharing/get_shared_link_file");
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        req.Headers.TryAddWithoutValidation("Dropbox-API-Arg", J(arg));
        if (range is not null)
        {
            req.Headers.TryAddWithoutValidation("Range", range);
        }
        var resp = await h.Http.SendAsync(req);
        return new TransferCalls.Download((int)resp.StatusCode, resp, await resp.Content.ReadAsByteArrayAsync());
    }

    private static void AssertError(Reply r, string errorJson)
    {
        Assert.True(r.Status == 409, $"{r.Status}: {r.Body}");
        Assert.Equal(errorJson, r.Json.GetProperty("error").GetRawText());
    }

    [Fact]
    public async Task Modify_ChangesOnlyWhatIsSent_AndOnlyForTheOwner()
    {
        await using var h = await StartWithBobAsync();
        await h.SeedAsync("/M", ("doc.txt", "hello"));
        string url = await LinkAsync(h, "/M/doc.txt");

        var locked = await h.OkAsync("sharing/modify_shared_link_settings", J(new
        {
            url, settings = new { require_password = true, link_password = "s3cret", expires = "2099-01-02T03:04:05Z", allow_download = false },
        }));
        Assert.Equal("file", locked.GetProperty(".tag").GetString());
        Assert.Equal(url, locked.GetProperty("url").GetString());
        Assert.Equal("2099-01-02T03:04:05Z", locked.GetProperty("expires").GetString());
        var permissions = locked.GetProperty("link_permissions");
        Assert.True(permissions.GetProperty("require_password").GetBoolean());
        Assert.False(permissions.GetProperty("allow_download").GetBoolean());
        Assert.Equal("password", permissions.GetProperty("resolved_visibility").GetProperty(".tag").GetString());

        var audience = await h.OkAsync("sharing/modify_shared_link_settings", J(new { url, settings = new { audience = "no_one" }, remove_expiration = true }));
        Assert.False(audience.TryGetProperty("expires", out _));
        Assert.Equal("no_one", audience.GetProperty("link_permissions").GetProperty("effective_audience").GetProperty(".tag").GetString());
        Assert.True(audience.GetProperty("link_permissions").GetProperty("require_password").GetBoolean()); // kept

        var open = await h.OkAsync("sharing/modify_shared_link_settings", J(new { url, settings = new { require_password = false, audience = "public", allow_download = true } }));
        Assert.False(open.GetProperty("link_permissions").GetProperty("require_password").GetBoolean());
        var listed = await h.OkAsync("sharing/list_shared_links", J(new { path = "/M/doc.txt", direct_only = true }));
        Assert.Equal("public", listed.GetProperty("links")[0].GetProperty("link_permissions").GetProperty("resolved_visibility").GetProperty(".tag").GetString());

        AssertError(await h.CallAsync("sharing/modify_shared_link_settings", J(new { url, settings = new { } })),
            "{\".tag\":\"settings_error\",\"settings_error\":{\".tag\":\"invalid_settings\"}}");
        AssertError(await h.CallAsync("sharing/modify_shared_link_settings", J(new { url, settings = new { require_password = true } })),
            "{\".tag\":\"settings_error\",\"settings_error\":{\".tag\":\"invalid_settings\"}}");
        AssertError(await h.CallAsync("sharing/modify_shared_link_settings", J(new { url, settings = new { access = "editor" } })),
            "{\".tag\":\"settings_error\",\"settings_error\":{\".tag\":\"invalid_settings\"}}");
        AssertError(await h.CallAsync("sharing/modify_shared_link_settings", J(new { url, settings = new { expires = "2001-01-01T00:00:00Z" } })),
            "{\".tag\":\"settings_error\",\"settings_error\":{\".tag\":\"invalid_settings\"}}");
        AssertError(await h.CallAsync("sharing/modify_shared_link_settings", J(new { url, settings = new { allow_download = false } }), token: BobToken),
            "{\".tag\":\"shared_link_access_denied\"}");
        AssertError(await h.CallAsync("sharing/modify_shared_link_settings", J(new { url = url.Replace("rlkey=", "rlkey=x"), settings = new { allow_download = false } })),
            "{\".tag\":\"shared_link_not_found\"}");
        Assert.Equal(400, (await h.CallAsync("sharing/modify_shared_link_settings", J(new { url }))).Status);
        Assert.Equal(400, (await h.CallAsync("sharing/modify_shared_link_settings", J(new { url, settings = new { audience = "everyone" } }))).Status);
    }

    [Fact]
    public async Task GetMetadata_OwnerSeesThePath_OthersNeedThePassword_AndAPathNamesAnItemInAFolderLink()
    {
        await using var h = await StartWithBobAsync();
        await h.SeedAsync("/Pub", ("a.txt", "alpha"), ("sub/b.txt", "beta"));
        string folderUrl = await LinkAsync(h, "/Pub");

        var own = await h.OkAsync("sharing/get_shared_link_metadata", J(new { url = folderUrl }));
        Assert.Equal("folder", own.GetProperty(".tag").GetString());
        Assert.Equal("/pub", own.GetProperty("path_lower").GetString());
        Assert.True(own.GetProperty("link_permissions").GetProperty("can_revoke").GetBoolean());

        var bob = await h.CallAsync("sharing/get_shared_link_metadata", J(new { url = folderUrl, path = "/Sub/B.txt" }), token: BobToken);
        Assert.True(bob.Status == 200, bob.Body);
        Assert.Equal("file", bob.Json.GetProperty(".tag").GetString());
        Assert.Equal("b.txt", bob.Json.GetProperty("name").GetString());
        Assert.Equal(4, bob.Json.GetProperty("size").GetInt64());
        Assert.Equal(folderUrl, bob.Json.GetProperty("url").GetString());
        Assert.False(bob.Json.TryGetProperty("path_lower", out _));
        Assert.False(bob.Json.GetProperty("link_permissions").GetProperty("can_revoke").GetBoolean());
        Assert.Equal("owner_only", bob.Json.GetProperty("link_permissions").GetProperty("revoke_failure_reason").GetProperty(".tag").GetString());

        AssertError(await h.CallAsync("sharing/get_shared_link_metadata", J(new { url = folderUrl, path = "/nope.txt" })), "{\".tag\":\"shared_link_not_found\"}");
        AssertError(await h.CallAsync("sharing/get_shared_link_metadata", J(new { url = "https://www.dropbox.com/scl/fi/zzz/x?rlkey=k" })), "{\".tag\":\"shared_link_not_found\"}");

        string secret = await LinkAsync(h, "/Pub/a.txt", new { require_password = true, link_password = "pw" });
        Assert.Equal(200, (await h.CallAsync("sharing/get_shared_link_metadata", J(new { url = secret }))).Status);
        AssertError(await h.CallAsync("sharing/get_shared_link_metadata", J(new { url = secret }), token: BobToken), "{\".tag\":\"shared_link_access_denied\"}");
        AssertError(await h.CallAsync("sharing/get_shared_link_metadata", J(new { url = secret, link_password = "wrong" }), token: BobToken),
            "{\".tag\":\"shared_link_access_denied\"}");
        Assert.Equal(200, (await h.CallAsync("sharing/get_shared_link_metadata", J(new { url = secret, link_password = "pw" }), token: BobToken)).Status);

        await h.OkAsync("sharing/modify_shared_link_settings", J(new { url = folderUrl, settings = new { audience = "team" } }));
        AssertError(await h.CallAsync("sharing/get_shared_link_metadata", J(new { url = folderUrl }), token: BobToken), "{\".tag\":\"shared_link_access_denied\"}");
        await h.OkAsync("sharing/modify_shared_link_settings", J(new { url = folderUrl, settings = new { audience = "public", expires = "2030-01-01T00:00:00Z" } }));
        await h.Http.PostAsync("_emulator/clock", new StringContent(J(new { advance_seconds = 20L * 365 * 24 * 3600 }), System.Text.Encoding.UTF8, "application/json"));
        AssertError(await h.CallAsync("sharing/get_shared_link_metadata", J(new { url = folderUrl }), token: BobToken), "{\".tag\":\"shared_link_not_found\"}");
        Assert.Equal(200, (await h.CallAsync("sharing/get_shared_link_metadata", J(new { url = folderUrl }))).Status);
    }

    [Fact]
    public async Task GetFile_ServesTheBytesWithTheLinkMetadata_RangesIncluded_AndRefusesFoldersAndNoDownloadLinks()
    {
        await using var h = await StartWithBobAsync();
        await h.SeedAsync("/F", ("data.bin", "0123456789"), ("in/x.txt", "inside"));
        string url = await LinkAsync(h, "/F/data.bin");

        var whole = await LinkFileAsync(h, new { url }, BobToken);
        Assert.Equal(200, whole.Status);
        Assert.Equal("0123456789", whole.Text);
        var result = JsonDocument.Parse(whole.Result).RootElement;
        Assert.Equal("file", result.GetProperty(".tag").GetString());
        Assert.Equal("data.bin", result.GetProperty("name").GetString());
        Assert.All(whole.Result, c => Assert.True(c < 0x7f));

        var part = await LinkFileAsync(h, new { url }, BobToken, range: "bytes=2-4");
        Assert.Equal(206, part.Status);
        Assert.Equal("234", part.Text);

        string folderUrl = await LinkAsync(h, "/F");
        var dir = await LinkFileAsync(h, new { url = folderUrl });
        Assert.Equal(409, dir.Status);
        Assert.Contains("shared_link_is_directory", dir.Text);
        var inner = await LinkFileAsync(h, new { url = folderUrl, path = "/in/x.txt" }, BobToken);
        Assert.Equal("inside", inner.Text);

        await h.OkAsync("sharing/modify_shared_link_settings", J(new { url, settings = new { allow_download = false } }));
        var refused = await LinkFileAsync(h, new { url }, BobToken);
        Assert.Equal(409, refused.Status);
        Assert.Equal("{\".tag\":\"shared_link_access_denied\"}", JsonDocument.Parse(refused.Text).RootElement.GetProperty("error").GetRawText());
        Assert.Equal("0123456789", (await LinkFileAsync(h, new { url })).Text);
    }
}
