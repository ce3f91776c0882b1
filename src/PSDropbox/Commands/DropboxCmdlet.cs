using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Completion;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Commands;

/// <summary>
/// Base of every cmdlet that works with an account's files: the connection (<see cref="ConnectionCmdlet"/>) and
/// -PathRoot, what this command's paths are relative to instead of the connection's path root.
/// </summary>
public abstract class DropboxCmdlet : ConnectionCmdlet
{
    /// <summary>What paths are relative to for this command: Home, Root (the team space for a team member) or a namespace id.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PathRootCompletion]
    public string? PathRoot { get; set; }

    /// <summary>
    /// The client of the account the connection acts as, with -PathRoot applied. A connection of a whole team (a team's
    /// token without -AsMember) has no account: the command stops with PSDropbox.TeamTokenNeedsMember.
    /// </summary>
    protected DropboxClient Client
    {
        get
        {
            var connection = ActiveConnection;
            if (connection.Client is null) ThrowTerminatingError(ErrorRecords.From(new TeamAccessException(TeamAccessProblem.NeedsMember, null), connection));
            if (PathRoot is null) return connection.Client!;
            try
            {
                return connection.ClientFor(PathRoot);
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, PathRoot));
                throw; // unreachable
            }
        }
    }

    /// <summary>
    /// The remote paths one -Path value stands for: the value itself, or for a wildcard path (<see cref="RemoteWildcard"/>)
    /// the paths of the matching items; none matching is a non-terminating not-found error that ends with <paramref name="hint"/>.
    /// </summary>
    protected IReadOnlyList<string> ExpandWildcard(string path, string? hint = null)
    {
        if (!RemoteWildcard.IsPattern(path)) return new[] { path };
        var client = Client;
        var paths = new List<string>();
        var crypt = CryptFolders;
        RunForItem(path, (bridge, cancellationToken) => RemoteWildcard.ExpandAsync(client.Files, crypt, path, includeDeleted: false, (_, match) =>
        {
            paths.Add(match);
            return Task.CompletedTask;
        }, hint, bridge.WriteWarning, cancellationToken));
        return paths;
    }

    /// <summary>A path not found in an encrypted folder may be there under another password's names (<see cref="CryptPaths.ExplainAsync"/>).</summary>
    protected override Task<Exception> ExplainAsync(Exception failure, object target, CancellationToken cancellationToken)
    {
        var connection = ActiveConnection;
        if (target is not string path || CryptFolders.Count == 0 || connection.Client is null) return Task.FromResult(failure);
        var client = PathRoot is null ? connection.Client : connection.ClientFor(PathRoot);
        return CryptPaths.ExplainAsync(client.Files, CryptFolders, path, failure, cancellationToken);
    }

    /// <summary>The connection's encrypted folders (Register-DropboxCryptFolder), for mapping paths with <see cref="CryptPaths"/>.</summary>
    internal IReadOnlyList<CryptFolder> CryptFolders => ActiveConnection.CryptFolders.All;
}
