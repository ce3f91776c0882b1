using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PSDropbox.Emulator;
using static PSDropbox.Tests.Unit.Emulator.EmulatorHarness;

namespace PSDropbox.Tests.Unit.Emulator;

/// <summary>Team mode (--team, --team-token, --team-folder): the team space, path roots, acting as members, team routes.</summary>
public sealed class EmulatorTeamTests
{
    private const string BobToken = "bob-token";
    private const string CarolToken = "carol-token";
    private const string TeamToken = "team-token";

    private static Task<EmulatorHarness> StartTeamAsync(string? dataDir = null) => StartAsync(dataDir, configure: Team);

    private static void Team(EmulatorOptions o)
    {
        o.Accounts = [new EmulatorAccount("bob", BobToken), new EmulatorAccount("carol", CarolToken)];
        o.TeamName = "Acme";
        o.TeamToken = TeamToken;
        o.TeamFolders = ["Marketing", "Sales"];
    }

    private static async Task<Reply> CallAsync(EmulatorHarness h, string route, string? json, string token, params (string Name, string Value)[] headers)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "2/" + route);
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in headers) req.Headers.TryAddWithoutValidation(name, value);
        if (json is not null) req.Content = new StringContent(json, new MediaTypeHeaderValue("application/json"));
        var resp = await h.Http.SendAsync(req);
        return new Reply((int)resp.StatusCode, resp.Content.Headers.ContentType?.MediaType, resp.Content.Headers.ContentType?.CharSet,
            await resp.Content.ReadAsStringAsync(), resp);
    }

    private static async Task<JsonElement> OkAsync(EmulatorHarness h, string route, string? json, string token, params (string, string)[] headers)
    {
        var r = await CallAsync(h, route, json, token, headers);
        Assert.True(r.Status == 200, $"{route} → {r.Status}: {r.Body}");
        return r.Json;
    }

    private static async Task<(string Root, string Home)> RootInfoAsync(EmulatorHarness h, string token)
    {
        var info = (await OkAsync(h, "users/get_current_account", null, token)).GetProperty("root_info");
        return (info.GetProperty("root_namespace_id").GetString()!, info.GetProperty("home_namespace_id").GetString()!);
    }

    private static (string, string) Root(string id) => ("Dropbox-API-Path-Root", J(new Dictionary<string, string> { [".tag"] = "root", ["root"] = id }));

    private static (string, string) Namespace(string id) => ("Dropbox-API-Path-Root", J(new Dictionary<string, string> { [".tag"] = "namespace_id", ["namespace_id"] = id }));

    private static async Task<List<string>> ListAsync(EmulatorHarness h, string token, string path, bool recursive, params (string, string)[] headers)
    {
        var page = await OkAsync(h, "files/list_folder", J(new { path, recursive }), token, headers);
        return [.. page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("path_display").GetString()!)];
    }

    private static Task<Reply> UploadAsync(EmulatorHarness h, string token, string path, string text, params (string, string)[] headers)
    {
        var all = headers.Append(("Dropbox-API-Arg", J(new { path, mode = "overwrite" }))).ToArray();
        return SendBytesAsync(h, "files/upload", token, Encoding.UTF8.GetBytes(text), all);
    }

    private static async Task<Reply> SendBytesAsync(EmulatorHarness h, string route, string token, byte[] body, (string Name, string Value)[] headers)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, "2/" + route);
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in headers) req.Headers.TryAddWithoutValidation(name, value);
        req.Content = new ByteArrayContent(body);
        req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var resp = await h.Http.SendAsync(req);
        return new Reply((int)resp.StatusCode, null, null, await resp.Content.ReadAsStringAsync(), resp);
    }

    [Fact]
    public async Task A_member_is_a_business_account_whose_root_is_the_team_space_above_its_home()
    {
        await using var h = await StartTeamAsync();
        var j = await OkAsync(h, "users/get_current_account", null, BobToken);

        Assert.Equal(["account_id", "name", "email", "email_verified", "disabled", "country", "locale", "referral_link", "team", "team_member_id", "is_paired",
            "account_type", "root_info"], PropertyNames(j));
        Assert.Equal("business", j.GetProperty("account_type").GetProperty(".tag").GetString());
        Assert.Equal("Acme", j.GetProperty("team").GetProperty("name").GetString());
        Assert.Matches(new Regex("^dbtid:"), j.GetProperty("team").GetProperty("id").GetString());
        Assert.Matches(new Regex("^dbmid:[A-Za-z0-9_-]+$"), j.GetProperty("team_member_id").GetString());
        var root = j.GetProperty("root_info");
        Assert.Equal("team", root.GetProperty(".tag").GetString());
        Assert.Equal("/bob Emulator", root.GetProperty("home_path").GetString());
        Assert.NotEqual(root.GetProperty("root_namespace_id").GetString(), root.GetProperty("home_namespace_id").GetString());
        Assert.Equal(root.GetProperty("root_namespace_id").GetString(), (await RootInfoAsync(h, Token)).Root);
        Assert.NotEqual(root.GetProperty("home_namespace_id").GetString(), (await RootInfoAsync(h, Token)).Home);
    }

    [Fact]
    public async Task A_member_sees_its_home_as_the_root_by_default_and_the_team_space_with_path_root_root()
    {
        await using var h = await StartTeamAsync();
        var (root, _) = await RootInfoAsync(h, BobToken);
        Assert.Equal(200, (await UploadAsync(h, BobToken, "/notes.txt", "bob's")).Status);
        Assert.Equal(200, (await UploadAsync(h, Token, "/admin.txt", "admin's")).Status);

        Assert.Equal(["/notes.txt"], await ListAsync(h, BobToken, "", recursive: false));
        Assert.Equal(["/bob Emulator", "/Marketing", "/Sales"], await ListAsync(h, BobToken, "", recursive: false, Root(root)));
        Assert.Equal(["/bob Emulator", "/Marketing", "/Sales", "/bob Emulator/notes.txt"], await ListAsync(h, BobToken, "", recursive: true, Root(root)));
        var meta = await OkAsync(h, "files/get_metadata", J(new { path = "/bob Emulator/notes.txt" }), BobToken, Root(root));
        Assert.Equal("/bob emulator/notes.txt", meta.GetProperty("path_lower").GetString());
        var home = await OkAsync(h, "files/get_metadata", J(new { path = "/notes.txt" }), BobToken);
        Assert.Equal(meta.GetProperty("id").GetString(), home.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_member_never_reaches_another_members_home_by_path_id_rev_ns_search_or_changes()
    {
        await using var h = await StartTeamAsync();
        var (root, bobHome) = await RootInfoAsync(h, BobToken);
        var bobs = (await UploadAsync(h, BobToken, "/private.txt", "secret")).Json;
        var latest = await OkAsync(h, "files/list_folder/get_latest_cursor", J(new { path = "", recursive = true }), CarolToken, Root(root));
        Assert.Equal(200, (await UploadAsync(h, BobToken, "/later.txt", "also secret")).Status);

        foreach (var path in new[] { "/bob Emulator/private.txt", bobs.GetProperty("id").GetString()!, "rev:" + bobs.GetProperty("rev").GetString(), $"ns:{bobHome}/private.txt" })
        {
            var r = await CallAsync(h, "files/get_metadata", J(new { path }), CarolToken, Root(root));
            Assert.True(r.Status == 409 && r.Body.Contains("not_found"), $"{path}: {r.Status} {r.Body}");
            Assert.Equal(409, (await CallAsync(h, "files/download", null, CarolToken, Root(root), ("Dropbox-API-Arg", J(new { path })))).Status);
        }
        Assert.DoesNotContain("/bob Emulator", await ListAsync(h, CarolToken, "", recursive: true, Root(root)));
        var found = await OkAsync(h, "files/search_v2", J(new { query = "private" }), CarolToken, Root(root));
        Assert.Empty(found.GetProperty("matches").EnumerateArray());
        var changes = await OkAsync(h, "files/list_folder/continue", J(new { cursor = latest.GetProperty("cursor").GetString() }), CarolToken, Root(root));
        Assert.Empty(changes.GetProperty("entries").EnumerateArray());
        var write = await CallAsync(h, "files/create_folder_v2", J(new { path = "/bob Emulator/x" }), CarolToken, Root(root));
        Assert.Contains("no_write_permission", write.Body);
    }

    [Fact]
    public async Task Members_share_the_team_folders_and_a_team_folder_namespace_can_be_the_path_root()
    {
        await using var h = await StartTeamAsync();
        var (root, _) = await RootInfoAsync(h, BobToken);
        Assert.Equal(200, (await UploadAsync(h, BobToken, "/Marketing/plan.txt", "q3", Root(root))).Status);

        Assert.Equal(["/Marketing/plan.txt"], await ListAsync(h, CarolToken, "/Marketing", recursive: false, Root(root)));
        var folders = await OkAsync(h, "team/team_folder/list", "{}", TeamToken);
        string marketing = folders.GetProperty("team_folders").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "Marketing").GetProperty("team_folder_id").GetString()!;
        Assert.Equal(["/plan.txt"], await ListAsync(h, CarolToken, "", recursive: false, Namespace(marketing)));
        var moved = await OkAsync(h, "files/move_v2", J(new { from_path = "/Marketing/plan.txt", to_path = "/carol Emulator/plan.txt" }), CarolToken, Root(root));
        Assert.Equal("/carol Emulator/plan.txt", moved.GetProperty("metadata").GetProperty("path_display").GetString());
        Assert.Equal(["/plan.txt"], await ListAsync(h, CarolToken, "", recursive: false));
    }

    [Fact]
    public async Task The_top_of_the_team_space_is_managed_nothing_is_made_there_and_homes_and_team_folders_stay()
    {
        await using var h = await StartTeamAsync();
        var (root, _) = await RootInfoAsync(h, BobToken);

        Assert.Contains("path/no_write_permission", (await CallAsync(h, "files/create_folder_v2", J(new { path = "/Top" }), BobToken, Root(root))).Body);
        Assert.Contains("no_write_permission", (await UploadAsync(h, BobToken, "/top.txt", "x", Root(root))).Body);
        Assert.Contains("path_write/team_folder", (await CallAsync(h, "files/delete_v2", J(new { path = "/Marketing" }), BobToken, Root(root))).Body);
        Assert.Contains("path_write/no_write_permission", (await CallAsync(h, "files/delete_v2", J(new { path = "/bob Emulator" }), BobToken, Root(root))).Body);
        Assert.Contains("from_write/team_folder", (await CallAsync(h, "files/move_v2", J(new { from_path = "/Marketing", to_path = "/bob Emulator/M" }), BobToken, Root(root))).Body);
        Assert.Equal(["/bob Emulator", "/Marketing", "/Sales"], await ListAsync(h, BobToken, "", recursive: false, Root(root)));
    }

    [Fact]
    public async Task A_wrong_root_gets_422_invalid_root_with_the_accounts_root_info_and_an_unreachable_namespace_no_permission()
    {
        await using var h = await StartTeamAsync();
        var (root, home) = await RootInfoAsync(h, BobToken);

        var wrong = await CallAsync(h, "files/list_folder", J(new { path = "" }), BobToken, Root("12345"));
        Assert.Equal(422, wrong.Status);
        var error = wrong.Json.GetProperty("error");
        Assert.Equal("invalid_root", error.GetProperty(".tag").GetString());
        var info = error.GetProperty("invalid_root");
        Assert.Equal(("team", root, home, "/bob Emulator"), (info.GetProperty(".tag").GetString(), info.GetProperty("root_namespace_id").GetString(),
            info.GetProperty("home_namespace_id").GetString(), info.GetProperty("home_path").GetString()));

        var (_, carolHome) = await RootInfoAsync(h, CarolToken);
        var denied = await CallAsync(h, "files/list_folder", J(new { path = "" }), BobToken, Namespace(carolHome));
        Assert.Equal(422, denied.Status);
        Assert.Equal("no_permission", denied.Json.GetProperty("error").GetProperty(".tag").GetString());

        var bad = await CallAsync(h, "files/list_folder", J(new { path = "" }), BobToken, ("Dropbox-API-Path-Root", "{\"tag\":"));
        Assert.Equal(400, bad.Status);
        Assert.Contains("Dropbox-API-Path-Root", bad.Body);
        Assert.Equal(["/bob Emulator", "/Marketing", "/Sales"], await ListAsync(h, BobToken, "", recursive: false, Namespace(root)));
        Assert.Empty(await ListAsync(h, BobToken, "", recursive: false, ("Dropbox-API-Path-Root", "{\".tag\":\"home\"}")));
    }

    [Fact]
    public async Task Without_a_team_the_path_root_is_the_accounts_own_namespace()
    {
        await using var h = await StartAsync();
        var (root, home) = await RootInfoAsync(h, Token);
        Assert.Equal(root, home);
        await h.CreateFolderAsync("/A");

        Assert.Equal(["/A"], await ListAsync(h, Token, "", recursive: false, Root(root)));
        Assert.Equal(["/A"], await ListAsync(h, Token, "", recursive: false, Namespace(root)));
        var wrong = await CallAsync(h, "files/list_folder", J(new { path = "" }), Token, Root("1"));
        Assert.Equal(422, wrong.Status);
        Assert.Equal("user", wrong.Json.GetProperty("error").GetProperty("invalid_root").GetProperty(".tag").GetString());
        Assert.Equal(400, (await CallAsync(h, "team/get_info", null, Token)).Status);
    }

    [Fact]
    public async Task A_team_token_acts_as_the_member_it_selects_and_refuses_to_act_as_nobody()
    {
        await using var h = await StartTeamAsync();
        var members = (await OkAsync(h, "team/members/list", "{}", TeamToken)).GetProperty("members").EnumerateArray().ToList();
        string admin = members[0].GetProperty("profile").GetProperty("team_member_id").GetString()!;
        string bob = members.Single(m => m.GetProperty("profile").GetProperty("email").GetString() == "bob@emulator.local").GetProperty("profile").GetProperty("team_member_id").GetString()!;

        var asBob = await OkAsync(h, "users/get_current_account", null, TeamToken, ("Dropbox-API-Select-User", bob));
        Assert.Equal("bob@emulator.local", asBob.GetProperty("email").GetString());
        var asAdmin = await OkAsync(h, "users/get_current_account", null, TeamToken, ("Dropbox-API-Select-Admin", admin));
        Assert.Equal("user@emulator.local", asAdmin.GetProperty("email").GetString());

        var nobody = await CallAsync(h, "files/list_folder", J(new { path = "" }), TeamToken);
        Assert.Equal(400, nobody.Status);
        Assert.Contains("entire Dropbox Business team", nobody.Body);
        Assert.Contains("invalid_select_user", (await CallAsync(h, "files/list_folder", J(new { path = "" }), TeamToken, ("Dropbox-API-Select-User", "dbmid:nobody"))).Body);
        Assert.Contains("invalid_select_admin", (await CallAsync(h, "files/list_folder", J(new { path = "" }), TeamToken, ("Dropbox-API-Select-Admin", bob))).Body);
        Assert.Equal(400, (await CallAsync(h, "files/list_folder", J(new { path = "" }), TeamToken, ("Dropbox-API-Select-User", "bob@emulator.local"))).Status);
        Assert.Equal(400, (await CallAsync(h, "files/list_folder", J(new { path = "" }), BobToken, ("Dropbox-API-Select-User", bob))).Status);
        Assert.Equal(400, (await CallAsync(h, "team/get_info", null, BobToken)).Status);
    }

    [Fact]
    public async Task Team_routes_list_the_team_its_members_by_page_its_folders_and_its_namespaces()
    {
        await using var h = await StartTeamAsync();
        var info = await OkAsync(h, "team/get_info", null, TeamToken);
        Assert.Equal(("Acme", 3), (info.GetProperty("name").GetString(), info.GetProperty("num_provisioned_users").GetInt32()));

        var first = await OkAsync(h, "team/members/list", J(new { limit = 2 }), TeamToken);
        Assert.True(first.GetProperty("has_more").GetBoolean());
        var rest = await OkAsync(h, "team/members/list/continue", J(new { cursor = first.GetProperty("cursor").GetString() }), TeamToken);
        Assert.False(rest.GetProperty("has_more").GetBoolean());
        var all = first.GetProperty("members").EnumerateArray().Concat(rest.GetProperty("members").EnumerateArray()).ToList();
        Assert.Equal(["user@emulator.local", "bob@emulator.local", "carol@emulator.local"], all.Select(m => m.GetProperty("profile").GetProperty("email").GetString()));
        Assert.Equal(["team_admin", "member_only", "member_only"], all.Select(m => m.GetProperty("role").GetProperty(".tag").GetString()));
        Assert.Contains("invalid_cursor", (await CallAsync(h, "team/members/list/continue", J(new { cursor = "bogus" }), TeamToken)).Body);

        string carolId = all[2].GetProperty("profile").GetProperty("team_member_id").GetString()!;
        var got = await OkAsync(h, "team/members/get_info", J(new
        {
            members = new object[]
            {
                new Dictionary<string, string> { [".tag"] = "email", ["email"] = "BOB@emulator.local" },
                new Dictionary<string, string> { [".tag"] = "team_member_id", ["team_member_id"] = carolId },
                new Dictionary<string, string> { [".tag"] = "email", ["email"] = "nobody@emulator.local" },
            },
        }), TeamToken);
        var items = got.EnumerateArray().ToList();
        Assert.Equal(["member_info", "member_info", "id_not_found"], items.Select(i => i.GetProperty(".tag").GetString()));
        Assert.Equal("bob@emulator.local", items[0].GetProperty("profile").GetProperty("email").GetString());
        Assert.Equal("nobody@emulator.local", items[2].GetProperty("id_not_found").GetString());

        var folders = (await OkAsync(h, "team/team_folder/list", "{}", TeamToken)).GetProperty("team_folders").EnumerateArray().ToList();
        Assert.Equal(["Marketing", "Sales"], folders.Select(f => f.GetProperty("name").GetString()));
        var namespaces = (await OkAsync(h, "team/namespaces/list", "{}", TeamToken)).GetProperty("namespaces").EnumerateArray().ToList();
        Assert.Equal(["team_member_folder", "team_member_folder", "team_member_folder", "team_folder", "team_folder"],
            namespaces.Select(n => n.GetProperty("namespace_type").GetProperty(".tag").GetString()));
        Assert.Equal(folders.Select(f => f.GetProperty("team_folder_id").GetString()), namespaces.Skip(3).Select(n => n.GetProperty("namespace_id").GetString()));
        Assert.Equal(all[0].GetProperty("profile").GetProperty("member_folder_id").GetString(), namespaces[0].GetProperty("namespace_id").GetString());
    }

    [Fact]
    public async Task The_team_its_members_and_their_files_survive_a_restart()
    {
        string data = NewTempDir();
        try
        {
            string before;
            await using (var h = await StartTeamAsync(data))
            {
                Assert.Equal(200, (await UploadAsync(h, BobToken, "/kept.txt", "k")).Status);
                before = (await OkAsync(h, "users/get_current_account", null, BobToken)).GetRawText();
            }
            await using (var h = await StartTeamAsync(data))
            {
                Assert.Equal(before, (await OkAsync(h, "users/get_current_account", null, BobToken)).GetRawText());
                Assert.Equal(["/kept.txt"], await ListAsync(h, BobToken, "", recursive: false));
                Assert.Equal(2, (await OkAsync(h, "team/team_folder/list", "{}", TeamToken)).GetProperty("team_folders").GetArrayLength());
            }
        }
        finally
        {
            DeleteDir(data);
        }
    }
}
