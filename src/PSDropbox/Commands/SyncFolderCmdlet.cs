using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Completion;
using PSDropbox.Transfers.Crypt;
using PSDropbox.Transfers.Sync;

namespace PSDropbox.Commands;

/// <summary>Compare-/Sync-DropboxFolder: the two folders and the rules that pick what is compared.</summary>
public abstract class SyncFolderCmdlet : DropboxCmdlet
{
    /// <summary>The local folder.</summary>
    [Parameter(Mandatory = true, Position = 0, HelpMessage = "The local folder.")]
    [ValidateNotNullOrEmpty]
    public string LocalPath { get; set; } = "";

    /// <summary>The Dropbox folder ("/" for the root).</summary>
    [Parameter(Mandatory = true, Position = 1, HelpMessage = "The Dropbox folder, e.g. /Backup.")]
    [RemotePathCompletion]
    [ValidateNotNullOrEmpty]
    public string RemotePath { get; set; } = "";

    /// <summary>
    /// Only files matching one of these wildcards are synced (a pattern with "/" is matched against the path relative to the
    /// synced folders, otherwise against the name). Folders are still walked.
    /// </summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Include { get; set; }

    /// <summary>Items matching one of these wildcards (relative path when the pattern has "/", else name) are left out on both sides.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Exclude { get; set; }

    /// <summary>Deletes destination items that the source lacks.</summary>
    [Parameter]
    public SwitchParameter Delete { get; set; }

    private protected abstract SyncDirection SyncDirection { get; }

    /// <summary>The options from the parameters; bad input stops the command with a clear error.</summary>
    private protected SyncOptions Options()
    {
        string local;
        try
        {
            local = SessionState.Path.GetUnresolvedProviderPathFromPSPath(LocalPath, out var provider, out _);
            if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                throw new ArgumentException($"-LocalPath '{LocalPath}' is not a file system path.");
        }
        catch (Exception e) when (e is ArgumentException || e is NotSupportedException || e is ProviderNotFoundException || e is System.Management.Automation.DriveNotFoundException)
        {
            ThrowTerminatingError(ErrorRecords.From(e is ArgumentException ? e : new ArgumentException(e.Message), LocalPath));
            throw; // not reached
        }
        var trimmed = local.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (trimmed.Length > 0 && !trimmed.EndsWith(":", StringComparison.Ordinal)) local = trimmed;

        string remote = "";
        try
        {
            if (!DropboxPath.IsRoot(RemotePath))
            {
                remote = DropboxPath.Normalize(RemotePath.TrimEnd('/'));
                if (!remote.StartsWith("/", StringComparison.Ordinal))
                    throw new MalformedPathException(RemotePath, $"-RemotePath '{RemotePath}' must be a folder path such as /Backup (not an id:, rev: or ns: path).");
            }
            if (CryptPaths.Find(CryptFolders, remote.Length == 0 ? "/" : remote) is null && CryptPaths.Overlapping(CryptFolders, remote, orBelow: true) is { } encrypted)
                throw new CryptFolderUnsupportedException(MyInvocation.MyCommand.Name, encrypted.Root,
                    "choose a -RemotePath inside it or outside it.");
        }
        catch (Exception e) when (e is MalformedPathException or CryptFolderUnsupportedException)
        {
            ThrowTerminatingError(ErrorRecords.From(e, RemotePath));
        }
        var options = new SyncOptions
        {
            LocalRoot = local,
            RemoteRoot = remote,
            Direction = SyncDirection,
            Delete = Delete,
            Filter = new SyncFilter(Patterns(Include), Patterns(Exclude)),
            Crypt = CryptFolders,
        };
        try
        {
            SyncPlan.CheckLocalRoot(options);
        }
        catch (IOException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, LocalPath));
        }
        return options;
    }

    private List<SyncPattern> Patterns(string[]? patterns)
    {
        var list = new List<SyncPattern>();
        foreach (var text in patterns ?? Array.Empty<string>())
        {
            var normalized = text.Replace('\\', '/').Trim('/');
            var wildcard = new WildcardPattern(normalized, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
            try
            {
                wildcard.IsMatch(""); // parsed on first use: refuse a bad pattern before any request
            }
            catch (WildcardPatternException e)
            {
                ThrowTerminatingError(ErrorRecords.From(e, text));
            }
            list.Add(new SyncPattern(normalized, wildcard.IsMatch));
        }
        return list;
    }
}
