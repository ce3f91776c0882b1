using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>Accounts, each with its own namespace: the default account and named extra ones (NAME@emulator.local).</summary>
internal sealed class AccountStore(Database db)
{
    private const string Columns = "account_id, ns, given_name, surname, email, country, locale, account_type";

    private readonly ConcurrentDictionary<string, Account> _cache = new(StringComparer.Ordinal);

    public Account EnsureDefault()
    {
        return Default() ?? db.Write(c =>
        {
            if (Sql.Scalar(c, null, "SELECT account_id FROM accounts WHERE is_default=1") is not string id)
            {
                id = Ids.NewAccountId();
                Sql.Exec(c, null, $"""
                    INSERT INTO accounts({Columns}, is_default, created)
                    VALUES($id, $ns, 'Emulator', 'User', 'user@emulator.local', 'US', 'en', 'basic', 1, $now)
                    """, ("$id", id), ("$ns", Ids.NewNamespaceId()), ("$now", EmulatorClock.WallNow()));
            }
            return Get(id)!;
        });
    }

    public Account? Default()
    {
        using var c = db.OpenConnection();
        return Sql.Scalar(c, null, "SELECT account_id FROM accounts WHERE is_default=1") is string id ? Get(id) : null;
    }

    public Account? Get(string accountId)
    {
        if (_cache.TryGetValue(accountId, out var cached))
        {
            return cached;
        }
        using var c = db.OpenConnection();
        using var cmd = Sql.Cmd(c, null, $"SELECT {Columns} FROM accounts WHERE account_id=$id", ("$id", accountId));
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return null;
        }
        var a = WithMembership(c, new Account(r.GetString(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6), r.GetString(7)));
        _cache[accountId] = a;
        return a;
    }

    /// <summary>The extra (non-default) accounts, oldest first.</summary>
    public IReadOnlyList<Account> Named()
    {
        var ids = new List<string>();
        using (var c = db.OpenConnection())
        using (var cmd = Sql.Cmd(c, null, "SELECT account_id FROM accounts WHERE is_default=0 ORDER BY created, email"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read()) ids.Add(r.GetString(0));
        }
        return ids.Select(id => Get(id)!).ToList();
    }

    /// <summary>Forgets cached accounts (after accounts joined a team).</summary>
    public void Reload() => _cache.Clear();

    /// <summary>
    /// A team member is stored in the team space: its namespace is the team's root namespace, its own namespace id becomes
    /// the id of its home folder there, and by default it sees that folder as its root.
    /// </summary>
    private static Account WithMembership(SqliteConnection c, Account a)
    {
        using var cmd = Sql.Cmd(c, null, """
            SELECT m.team_member_id, m.is_admin, m.home_lower, m.home_display, t.team_id, t.name, t.root_ns, m.joined
            FROM team_members m JOIN teams t ON t.team_id = m.team_id WHERE m.account_id = $id
            """, ("$id", a.AccountId));
        using var r = cmd.ExecuteReader();
        if (!r.Read())
        {
            return a;
        }
        var team = new Team(r.GetString(4), r.GetString(5), r.GetInt64(6));
        var membership = new TeamMembership(team, r.GetString(0), r.GetInt64(1) != 0, a.NamespaceId, r.GetString(2), r.GetString(3), r.GetInt64(7));
        return a with
        {
            NamespaceId = team.RootNs,
            AccountType = "business",
            Membership = membership,
            View = new PathView(membership.HomeLower, membership.HomeDisplay, null),
        };
    }

    /// <summary>The extra account called <paramref name="name"/> (see <see cref="EnsureNamed"/>), or null when there is none.</summary>
    public Account? FindNamed(string name)
    {
        using var c = db.OpenConnection();
        return Sql.Scalar(c, null, "SELECT account_id FROM accounts WHERE email=$e AND is_default=0", ("$e", name.ToLowerInvariant() + "@emulator.local"))
            is string id ? Get(id) : null;
    }

    /// <summary>
    /// The extra (non-default) account called <paramref name="name"/>, created with its own namespace on first use.
    /// Its email is NAME@emulator.local, which is also how it is found again after a restart.
    /// </summary>
    public Account EnsureNamed(string name)
    {
        if (!Account.IsValidName(name))
        {
            throw new ArgumentException($"Account name '{name}' must be 1-64 letters, digits, '.', '_' or '-'.", nameof(name));
        }
        string email = name.ToLowerInvariant() + "@emulator.local";
        return db.Write(c =>
        {
            if (Sql.Scalar(c, null, "SELECT account_id FROM accounts WHERE email=$e AND is_default=0", ("$e", email)) is not string id)
            {
                id = Ids.NewAccountId();
                Sql.Exec(c, null, $"""
                    INSERT INTO accounts({Columns}, is_default, created)
                    VALUES($id, $ns, $name, 'Emulator', $e, 'US', 'en', 'basic', 0, $now)
                    """, ("$id", id), ("$ns", Ids.NewNamespaceId()), ("$name", name), ("$e", email), ("$now", EmulatorClock.WallNow()));
            }
            return Get(id)!;
        });
    }
}
