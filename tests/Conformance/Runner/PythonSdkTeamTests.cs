using System.Diagnostics;
using System.Text.Json;
using PSDropbox.Emulator;
using Xunit;

namespace PSDropbox.Tests.Conformance;

/// <summary>The emulator in team mode (admin + bob + carol, team folder Marketing, a team token) behind its TLS proxy.</summary>
public sealed class TeamTlsProxyEmulator : TlsProxyEmulator
{
    public const string TeamToken = "team-token-for-python";

    protected override void Configure(EmulatorOptions options)
    {
        options.Accounts = [new EmulatorAccount("bob", "bob-token-for-python"), new EmulatorAccount("carol", "carol-token-for-python")];
        options.TeamName = "Acme";
        options.TeamToken = TeamToken;
        options.TeamFolders = ["Marketing"];
    }
}

/// <summary>
/// The official Python SDK against team mode (python/sdk_team.py): DropboxTeam lists and looks up members, as_user and
/// as_admin act as them, with_path_root(root) shows the team folders and the member's home, a wrong root is a
/// PathRootError carrying the member's root_info, and a member never reads another member's home.
/// </summary>
public sealed class PythonSdkTeamTests(TeamTlsProxyEmulator emu) : IClassFixture<TeamTlsProxyEmulator>
{
    [Fact]
    public async Task PythonSdk_TeamMembersPathRootsAndMembersKeptApart()
    {
        string python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        string script = Path.Combine(ScenarioProcess.ProjectDir, "python", "sdk_team.py");
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(TeamTlsProxyEmulator.TeamToken);
        emu.AddProxyEnvironment(psi);
        psi.Environment["REQUESTS_CA_BUNDLE"] = emu.Emulator.TlsCaCertificatePath!;
        var (exit, stdout, stderr) = await ThroughTlsProxyTests.RunAsync(psi, "the official Dropbox Python SDK: apt-get install python3-dropbox (Debian; it runs with /usr/bin/python3)");
        Assert.True(exit == 0, $"{python} {script} exited with {exit}.\n{stderr}");
        var r = JsonDocument.Parse(stdout).RootElement;

        var admin = await emu.RpcAsync("users/get_current_account", null);
        Assert.Equal(("Acme", admin.GetProperty("team").GetProperty("id").GetString(), 3),
            (r.GetProperty("team").GetProperty("name").GetString(), r.GetProperty("team").GetProperty("team_id").GetString(), r.GetProperty("team").GetProperty("provisioned").GetInt32()));
        Assert.Equal(["user@emulator.local:team_admin", "bob@emulator.local:member_only", "carol@emulator.local:member_only"],
            r.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString() + ":" + m.GetProperty("role").GetString()));
        Assert.Equal(["member_info:bob@emulator.local", "id_not_found:nobody@emulator.local"], r.GetProperty("looked_up").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["member_info:bob@emulator.local", "id_not_found:nobody@emulator.local"], r.GetProperty("looked_up_v2").EnumerateArray().Select(e => e.GetString()));

        var bob = r.GetProperty("bob");
        Assert.Equal("bob@emulator.local", bob.GetProperty("email").GetString());
        string root = admin.GetProperty("root_info").GetProperty("root_namespace_id").GetString()!;
        Assert.Equal(root, bob.GetProperty("root_namespace_id").GetString());
        Assert.NotEqual(root, bob.GetProperty("home_namespace_id").GetString());
        Assert.Equal("/bob Emulator", bob.GetProperty("home_path").GetString());
        Assert.Equal(["Marketing", "bob Emulator"], bob.GetProperty("top").EnumerateArray().Select(e => e.GetString()));

        Assert.Equal("user@emulator.local", r.GetProperty("admin").GetProperty("email").GetString());
        Assert.Equal(["Emulator User", "Marketing"], r.GetProperty("admin").GetProperty("top").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("the plan", r.GetProperty("admin").GetProperty("plan").GetString());

        var wrong = r.GetProperty("wrong_root");
        Assert.Equal((root, bob.GetProperty("home_namespace_id").GetString(), "/bob Emulator"),
            (wrong.GetProperty("root_namespace_id").GetString(), wrong.GetProperty("home_namespace_id").GetString(), wrong.GetProperty("home_path").GetString()));

        var carol = r.GetProperty("carol");
        Assert.Equal(["Marketing", "carol Emulator"], carol.GetProperty("top").EnumerateArray().Select(e => e.GetString()));
        var reads = carol.GetProperty("reads_bobs_home");
        Assert.Contains("not_found", reads.GetProperty("by_path").GetString());
        Assert.Contains("not_found", reads.GetProperty("download").GetString());
        Assert.Equal("path_root/no_permission", reads.GetProperty("by_namespace").GetString());
        Assert.Equal(0, reads.GetProperty("search").GetInt32());

        Assert.Equal(["Marketing"], r.GetProperty("team_folders").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal((0, false), (r.GetProperty("team_folders_end").GetProperty("count").GetInt32(), r.GetProperty("team_folders_end").GetProperty("has_more").GetBoolean()));
        Assert.Equal(["team_folder", "team_member_folder", "team_member_folder", "team_member_folder"], r.GetProperty("namespaces").EnumerateArray().Select(e => e.GetString()));

        // Every team route the emulator serves was reached through the SDK (the main Python scenario leaves them to this one).
        using var log = JsonDocument.Parse(await emu.Direct.GetStringAsync("_emulator/requests"));
        var called = log.RootElement.EnumerateArray().Select(e => e.GetProperty("route").GetString()).ToHashSet();
        var uncalled = emu.Emulator.RouteNames.Where(n => n.StartsWith("team/", StringComparison.Ordinal) && !called.Contains(n)).ToList();
        Assert.True(uncalled.Count == 0, "Team routes the team scenario never calls: " + string.Join(", ", uncalled));
    }
}
