using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>
/// The emulator's durable state: one SQLite database (DATA/emulator.db) and content-addressed blobs (DATA/blobs),
/// with a store per area over them. Routes and admin endpoints reach every store from here.
/// </summary>
internal sealed class EmulatorStores : IDisposable
{
    private EmulatorStores(Database db)
    {
        Database = db;
        Blobs = new BlobStore(db.DataDirectory);
        Accounts = new AccountStore(db);
        Tokens = new TokenStore(db);
        Tree = new TreeStore(db);
        Seeder = new TreeSeeder(db, Blobs);
        Changes = new ChangeStore(db, Accounts);
        Revisions = new RevisionStore(db);
        Search = new SearchStore(db, Blobs);
        Sessions = new UploadSessionStore(db, Blobs, Clock);
        Links = new LinkStore(db, Tree, Clock, Transfers);
        SharedLinks = new SharedLinkStore(db);
        SharedFolders = new SharedFolderStore(db);
        Teams = new TeamStore(db, Accounts);
    }

    public Database Database { get; }
    public BlobStore Blobs { get; }
    public AccountStore Accounts { get; }
    public TokenStore Tokens { get; }
    public TreeStore Tree { get; }
    public TreeSeeder Seeder { get; }
    public ChangeStore Changes { get; }
    public RevisionStore Revisions { get; }
    public SearchStore Search { get; }
    public UploadSessionStore Sessions { get; }
    public LinkStore Links { get; }
    public SharedLinkStore SharedLinks { get; }
    public SharedFolderStore SharedFolders { get; }
    public TeamStore Teams { get; }

    /// <summary>Background jobs of the batch routes (in memory).</summary>
    public AsyncJobs Jobs { get; } = new();

    /// <summary>"Now" for expiring things; tests move it forward (POST /_emulator/clock).</summary>
    public EmulatorClock Clock { get; } = new();

    /// <summary>files/download_zip limits and the temporary-link lifetime.</summary>
    public TransferSettings Transfers { get; } = new();

    public static EmulatorStores Open(string dataDirectory) => new(Database.Open(dataDirectory));

    /// <summary>Creates each NAME:TOKEN account (if missing) and makes TOKEN a long-lived token for it; in team mode it joins the team.</summary>
    public async Task AddAccountsAsync(IEnumerable<EmulatorAccount> accounts, CancellationToken ct = default)
    {
        var added = new List<Account>();
        foreach (var a in accounts)
        {
            var account = Accounts.EnsureNamed(a.Name);
            Tokens.Put(a.Token, account.AccountId, "long_lived");
            added.Add(account);
        }
        if (Teams.TheTeam() is { } team && added.Count > 0)
        {
            await Teams.EnsureAsync(team.Name, added, [], ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Team mode (--team): the default account (the admin) and every named account join the team, the team folders are
    /// made, and the team token (if any) is accepted for the team.
    /// </summary>
    public async Task SetUpTeamAsync(string name, string? teamToken, IEnumerable<string> folders, CancellationToken ct = default)
    {
        var members = new List<Account> { Accounts.EnsureDefault() };
        members.AddRange(Accounts.Named().Where(a => a.AccountId != members[0].AccountId));
        var team = await Teams.EnsureAsync(name, members, folders, ct).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(teamToken))
        {
            Tokens.Put(teamToken, team.TeamId, "team");
        }
    }

    public void Dispose() => Database.Dispose();
}
