using System.Net;
using PSDropbox.Client;
using PSDropbox.Emulator;
using PSDropbox.SignIn;
using PSDropbox.Transport;

namespace PSDropbox.Tests.Unit.Auth;

/// <summary>Connecting with a team's token (-AsMember, -AsAdmin, alone) and with -PathRoot, against the emulator in team mode.</summary>
public sealed class TeamConnectionTests : IAsyncLifetime
{
    private const string AdminToken = "admin-token", BobToken = "bob-token", TeamToken = "team-token";
    private readonly string _data = Directory.CreateTempSubdirectory("psdropbox-team-").FullName;
    private DropboxEmulator _emulator = null!;

    public async Task InitializeAsync()
    {
        _emulator = await DropboxEmulator.StartAsync(new EmulatorOptions
        {
            DataDirectory = _data,
            AccessToken = AdminToken,
            Accounts = [new EmulatorAccount("bob", BobToken), new EmulatorAccount("carol", "carol-token")],
            TeamName = "Acme",
            TeamToken = TeamToken,
            TeamFolders = ["Marketing"],
        });
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    private Task<DropboxConnection> ConnectAsync(string token, string? member = null, bool asAdmin = false, string pathRoot = "Home") =>
        new SignInService(new ConnectionSettings
        {
            Endpoints = DropboxEndpoints.SingleBase(_emulator.BaseUrl),
            Member = member,
            AsAdmin = asAdmin,
            PathRoot = pathRoot,
        }).WithAccessTokenAsync(token, CancellationToken.None);

    private static async Task<List<string>> NamesAsync(DropboxClient client, string path = "") =>
        [.. (await client.Files.ListFolderAsync(path, false, false, null, CancellationToken.None)).Entries.Select(e => e.Name).Order()];

    [Fact]
    public async Task A_team_token_alone_is_a_connection_to_the_team_for_team_routes_only()
    {
        using var c = await ConnectAsync(TeamToken);

        Assert.Equal(("Team", "Acme", null), (c.ActingAs, c.DisplayName, c.Email));
        Assert.Null(c.Client);
        Assert.Equal("Acme", (await c.TokenClient.Team.GetInfoAsync(CancellationToken.None)).Name);
        var e = await Assert.ThrowsAsync<TeamAccessException>(() => c.TokenClient.Files.ListFolderAsync("", false, false, null, CancellationToken.None));
        Assert.Equal(TeamAccessProblem.NeedsMember, e.Problem);
    }

    [Theory]
    [InlineData("bob@emulator.local")]
    [InlineData("BOB@emulator.local")]
    public async Task AsMember_acts_as_the_member_named_by_email(string email)
    {
        using var c = await ConnectAsync(TeamToken, email);

        Assert.Equal(("Member", "bob@emulator.local", "Acme"), (c.ActingAs, c.Email, c.TeamName));
        Assert.StartsWith("dbmid:", c.TeamMemberId);
        await c.Client!.Files.CreateFolderAsync("/bob-made", false, CancellationToken.None);
        using var bob = await ConnectAsync(BobToken);
        Assert.Equal(["bob-made"], await NamesAsync(bob.Client!));
        Assert.Contains("as member of Acme", c.ToString());
    }

    [Fact]
    public async Task AsMember_takes_a_team_member_id_and_AsAdmin_alone_acts_as_the_teams_admin()
    {
        using var team = await ConnectAsync(TeamToken);
        var members = await team.TokenClient.Team.ListMembersAsync(null, CancellationToken.None);
        var carol = members.Items.Single(m => m.Email == "carol@emulator.local");

        using var asCarol = await ConnectAsync(TeamToken, carol.TeamMemberId);
        using var asAdmin = await ConnectAsync(TeamToken, asAdmin: true);

        Assert.Equal(("carol@emulator.local", carol.TeamMemberId), (asCarol.Email, asCarol.TeamMemberId));
        Assert.Equal(("Admin", "user@emulator.local"), (asAdmin.ActingAs, asAdmin.Email));
    }

    [Fact]
    public async Task A_member_that_is_not_on_the_team_a_user_token_as_a_team_token_and_a_non_admin_as_admin_are_refused()
    {
        Assert.Equal("nobody@emulator.local", (await Assert.ThrowsAsync<TeamMemberNotFoundException>(() => ConnectAsync(TeamToken, "nobody@emulator.local"))).EmailOrId);
        Assert.Equal(TeamAccessProblem.NotATeamToken, (await Assert.ThrowsAsync<TeamAccessException>(() => ConnectAsync(BobToken, "carol@emulator.local"))).Problem);
        Assert.Equal(TeamAccessProblem.NotAnAdmin, (await Assert.ThrowsAsync<TeamAccessException>(() => ConnectAsync(TeamToken, "carol@emulator.local", asAdmin: true))).Problem);
        Assert.Equal(TeamAccessProblem.NotATeamToken, (await Assert.ThrowsAsync<TeamAccessException>(async () =>
        {
            using var bob = await ConnectAsync(BobToken);
            await bob.TokenClient.Team.GetInfoAsync(CancellationToken.None);
        })).Problem);
    }

    [Fact]
    public async Task PathRoot_Root_shows_the_team_space_and_a_team_folder_namespace_roots_the_connection_there()
    {
        using var root = await ConnectAsync(TeamToken, "bob@emulator.local", pathRoot: "Root");
        Assert.Equal(["bob Emulator", "Marketing"], await NamesAsync(root.Client!));
        Assert.Equal("Root", root.PathRoot);
        Assert.NotEqual(root.HomeNamespaceId, root.RootNamespaceId);
        await root.Client!.Files.CreateFolderAsync("/Marketing/Plans", false, CancellationToken.None);

        var folders = await root.TokenClient.Team.ListTeamFoldersAsync(null, CancellationToken.None);
        using var marketing = await ConnectAsync(BobToken, pathRoot: folders.Items.Single().TeamFolderId);
        Assert.Equal(["Plans"], await NamesAsync(marketing.Client!));
        Assert.Equal(["Plans"], await NamesAsync(root.ClientFor(folders.Items.Single().TeamFolderId)));
        Assert.Empty(await NamesAsync(root.ClientFor("Home")));
    }

    [Fact]
    public async Task A_namespace_the_account_cannot_reach_fails_when_connecting()
    {
        using var carol = await ConnectAsync(TeamToken, "carol@emulator.local");
        var e = await Assert.ThrowsAsync<DropboxApiException>(() => ConnectAsync(BobToken, pathRoot: carol.HomeNamespaceId!));
        Assert.Equal((HttpStatusCode)422, e.StatusCode);
        Assert.Equal("no_permission", e.TagPath);
    }

    [Fact]
    public async Task A_changed_root_fails_the_call_that_meets_it_and_later_calls_use_the_new_root()
    {
        using var c = await ConnectAsync(BobToken, pathRoot: "Root");
        string real = c.RootNamespaceId!;
        c.RootNamespace!.MoveTo("12345"); // as if the account had been moved since connecting

        var e = await Assert.ThrowsAsync<DropboxApiException>(() => NamesAsync(c.Client!));
        Assert.Equal((HttpStatusCode)422, e.StatusCode);
        Assert.StartsWith("invalid_root", e.TagPath);
        Assert.Equal(real, c.RootNamespaceId);
        Assert.Equal(["bob Emulator", "Marketing"], await NamesAsync(c.Client!));
    }
}
