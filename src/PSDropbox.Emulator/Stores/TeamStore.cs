using Microsoft.Data.Sqlite;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>
/// The team (--team): its members, its team folders and the namespaces of its team space, and which of them an
/// account may reach. There is at most one team; without --team every account keeps a namespace of its own.
/// </summary>
internal sealed class TeamStore(Database db, AccountStore accounts)
{
    /// <summary>
    /// Makes the team (once; a later start with another name renames it), each account a member with a home folder at
    /// the top of the team space (the first one the team admin), and the team folders; all of it survives restarts.
    /// Accounts join with an empty home: what a personal namespace held before stays there, unreachable in team mode.
    /// </summary>
    public async Task<Team> EnsureAsync(string name, IReadOnlyList<Account> members, IEnumerable<string> folderNames, CancellationToken ct = default)
    {
        var team = await db.WriteAsync(w =>
        {
            var c = w.Connection;
            var tx = w.Transaction;
            var existing = Read(c, tx);
            var team = existing is null
                ? new Team("dbtid:" + Ids.NewSecret(27)[..35], name, Ids.NewNamespaceId())
                : existing with { Name = name };
            Sql.Exec(c, tx, "INSERT OR REPLACE INTO teams(team_id, name, root_ns, created) VALUES($t, $n, $ns, $now)",
                ("$t", team.TeamId), ("$n", team.Name), ("$ns", team.RootNs), ("$now", w.Now));
            for (int i = 0; i < members.Count; i++)
            {
                var a = members[i];
                if (Sql.Scalar(c, tx, "SELECT 1 FROM team_members WHERE account_id=$a", ("$a", a.AccountId)) is not null) continue;
                var home = TopFolder(w, team.RootNs, a.DisplayName);
                Sql.Exec(c, tx, """
                    INSERT INTO team_members(account_id, team_id, team_member_id, is_admin, home_lower, home_display, joined)
                    VALUES($a, $t, $m, $admin, $lower, $display, $now)
                    """, ("$a", a.AccountId), ("$t", team.TeamId), ("$m", "dbmid:" + Ids.NewSecret(27)[..35]), ("$admin", i == 0 ? 1L : 0L),
                    ("$lower", home.PathLower), ("$display", home.PathDisplay), ("$now", w.Now));
            }
            foreach (var folderName in folderNames)
            {
                var folder = TopFolder(w, team.RootNs, folderName);
                if (Sql.Scalar(c, tx, "SELECT 1 FROM team_folders WHERE team_id=$t AND path_lower=$p", ("$t", team.TeamId), ("$p", folder.PathLower)) is null)
                {
                    Sql.Exec(c, tx, "INSERT INTO team_folders(ns, team_id, name, path_lower, path_display, created) VALUES($ns, $t, $n, $p, $d, $now)",
                        ("$ns", Ids.NewNamespaceId()), ("$t", team.TeamId), ("$n", folder.Name), ("$p", folder.PathLower), ("$d", folder.PathDisplay),
                        ("$now", w.Now));
                }
            }
            return team;
        }, ct).ConfigureAwait(false);
        accounts.Reload();
        return team;
    }

    public Team? TheTeam()
    {
        using var c = db.OpenConnection();
        return Read(c, null);
    }

    /// <summary>The team's members (the admin first, then in the order they joined).</summary>
    public IReadOnlyList<Account> Members(Team team)
    {
        var ids = new List<string>();
        using (var c = db.OpenConnection())
        using (var cmd = Sql.Cmd(c, null, "SELECT account_id FROM team_members WHERE team_id=$t ORDER BY is_admin DESC, rowid", ("$t", team.TeamId)))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read()) ids.Add(r.GetString(0));
        }
        return ids.Select(id => accounts.Get(id)!).ToList();
    }

    public Account? MemberById(Team team, string teamMemberId) =>
        MemberWhere(team, "team_member_id = $v", teamMemberId);

    public Account? MemberByEmail(Team team, string email) =>
        Members(team).FirstOrDefault(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase));

    public Account? MemberByAccountId(Team team, string accountId) => MemberWhere(team, "account_id = $v", accountId);

    public IReadOnlyList<TeamFolder> Folders(Team team)
    {
        using var c = db.OpenConnection();
        return Folders(c, null, team.TeamId);
    }

    /// <summary>The team root as <paramref name="member"/> sees it: its own home and the team folders, nothing else.</summary>
    public static PathView RootView(SqliteConnection c, SqliteTransaction? tx, TeamMembership member) =>
        new("", "", [member.HomeLower, .. Folders(c, tx, member.Team.TeamId).Select(f => f.PathLower)]);

    /// <summary>
    /// What <paramref name="a"/> sees through namespace <paramref name="ns"/> (Dropbox-API-Path-Root namespace_id, ns: paths),
    /// or null when the account cannot reach that namespace.
    /// </summary>
    public static PathView? ViewOf(SqliteConnection c, SqliteTransaction? tx, Account a, long ns)
    {
        if (a.Membership is not { } m)
        {
            return ns == a.NamespaceId ? PathView.Whole : null;
        }
        if (ns == m.HomeNs) return new PathView(m.HomeLower, m.HomeDisplay, null);
        if (ns == m.Team.RootNs) return RootView(c, tx, m);
        return Folders(c, tx, m.Team.TeamId).FirstOrDefault(f => f.Ns == ns) is { } folder ? new PathView(folder.PathLower, folder.PathDisplay, null) : null;
    }

    public PathView? ViewOf(Account a, long ns)
    {
        using var c = db.OpenConnection();
        return ViewOf(c, null, a, ns);
    }

    public PathView RootView(TeamMembership member)
    {
        using var c = db.OpenConnection();
        return RootView(c, null, member);
    }

    private Account? MemberWhere(Team team, string predicate, string value)
    {
        using var c = db.OpenConnection();
        return Sql.Scalar(c, null, $"SELECT account_id FROM team_members WHERE team_id=$t AND {predicate}", ("$t", team.TeamId), ("$v", value)) is string id
            ? accounts.Get(id)
            : null;
    }

    private static Team? Read(SqliteConnection c, SqliteTransaction? tx)
    {
        using var cmd = Sql.Cmd(c, tx, "SELECT team_id, name, root_ns FROM teams LIMIT 1");
        using var r = cmd.ExecuteReader();
        return r.Read() ? new Team(r.GetString(0), r.GetString(1), r.GetInt64(2)) : null;
    }

    private static List<TeamFolder> Folders(SqliteConnection c, SqliteTransaction? tx, string teamId)
    {
        var list = new List<TeamFolder>();
        using var cmd = Sql.Cmd(c, tx, "SELECT ns, name, path_lower, path_display FROM team_folders WHERE team_id=$t ORDER BY path_lower", ("$t", teamId));
        using var r = cmd.ExecuteReader();
        while (r.Read()) list.Add(new TeamFolder(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3)));
        return list;
    }

    /// <summary>The folder /<paramref name="name"/> at the top of the team space, made if missing.</summary>
    private static TeamFolder TopFolder(Writer w, long rootNs, string name)
    {
        PathRules.CheckName(name, forWrite: true);
        string lower = "/" + PathRules.LowerName(name);
        var item = w.GetLive(rootNs, lower) ?? w.AddFolder(rootNs, lower, "/" + name, name);
        return new TeamFolder(0, item.Name, item.PathLower, item.PathDisplay);
    }
}
