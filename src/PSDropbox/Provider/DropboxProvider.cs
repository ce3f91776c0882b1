using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Provider;
using PSDropbox.Client;
using PSDropbox.Commands;
using PSDropbox.Transfers.Crypt;
using PSDropbox.Transport;

namespace PSDropbox.Provider;

/// <summary>
/// The Dropbox provider: Dropbox folders as PowerShell drives (Get-ChildItem, Get-Item, New-Item, Remove-Item,
/// Rename-, Move-, Copy-Item, Get-/Set-/Add-Content, Set-Location...), one Dropbox call per operation where Dropbox has
/// one. A drive's root is a Dropbox folder; provider paths are Dropbox paths without the leading "/"
/// (<see cref="ProviderPaths"/>). PowerShell creates an instance per operation; an instance keeps the metadata it looked
/// up, so the engine's "does it exist" before "get it" costs one call. Inside a folder registered with
/// Register-DropboxCryptFolder, paths are plaintext: they are encrypted for each call, and what Dropbox returns is shown
/// decrypted, as the cmdlets do.
/// </summary>
[CmdletProvider(ProviderName, ProviderCapabilities.Filter | ProviderCapabilities.ShouldProcess)]
[OutputType(typeof(DropboxFile), typeof(DropboxFolder), ProviderCmdlet = ProviderCmdlet.GetChildItem)]
[OutputType(typeof(DropboxFile), typeof(DropboxFolder), ProviderCmdlet = ProviderCmdlet.GetItem)]
public sealed partial class DropboxProvider : NavigationCmdletProvider, IContentCmdletProvider
{
    public const string ProviderName = "Dropbox";

    private static readonly TimeSpan StopCheck = TimeSpan.FromMilliseconds(100);
    private readonly Dictionary<string, DropboxItem> _looked = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _missing = new(StringComparer.OrdinalIgnoreCase);

    protected override Collection<PSDriveInfo> InitializeDefaultDrives()
    {
        var drives = new Collection<PSDriveInfo>();
        if (ConnectionRegistry.Current is { IsOpen: true }) drives.Add(DropboxDrives.Current(ProviderInfo));
        return drives;
    }

    protected override object NewDriveDynamicParameters() => new DropboxDriveParameters();

    /// <summary>New-PSDrive -PSProvider Dropbox -Root /folder [-Connection $c]: the folder must exist.</summary>
    protected override PSDriveInfo? NewDrive(PSDriveInfo drive)
    {
        if (drive is DropboxDriveInfo mounted) return mounted;
        var connection = (DynamicParameters as DropboxDriveParameters)?.Connection ?? ConnectionRegistry.Current;
        var client = ClientOf(connection);
        string root;
        try
        {
            root = ProviderPaths.ToDropbox(drive.Root);
            if (root.Length > 0 && Wait(ct => client.Files.GetMetadataAsync(CryptPaths.ForNew(connection!.CryptFolders.All, root, isDirectory: true), false, ct)) is not DropboxFolder)
                throw new ArgumentException($"The root of a Dropbox drive must be a folder; '{root}' is a file.");
        }
        catch (Exception e) when (IsAboutItem(e))
        {
            WriteError(ErrorRecords.From(e, drive.Root));
            return null;
        }
        return new DropboxDriveInfo(drive, ProviderPaths.FromDropbox(root), connection);
    }

    /// <summary>The client of the drive's connection (the current one for the Dropbox: drive and Dropbox::/paths).</summary>
    private DropboxClient Client => ClientOf((PSDriveInfo as DropboxDriveInfo)?.Connection ?? ConnectionRegistry.Current);

    private DropboxClient ClientOf(DropboxConnection? connection)
    {
        if (ConnectionCmdlet.Unusable(connection) is { } record) ThrowTerminatingError(record);
        if (connection!.Client is null) ThrowTerminatingError(ErrorRecords.From(new TeamAccessException(TeamAccessProblem.NeedsMember, null), connection));
        return connection.Client!;
    }

    /// <summary>
    /// Runs Dropbox calls off the pipeline thread and waits for them, cancelling them when the command is stopped
    /// (Ctrl+C); -Verbose gets the transport's line per request.
    /// </summary>
    private T Wait<T>(Func<CancellationToken, Task<T>> work)
    {
        var lines = new ConcurrentQueue<string>();
        using var cancellation = new CancellationTokenSource();
        var task = Task.Run(() =>
        {
            HttpLog.Sink = lines.Enqueue;
            return work(cancellation.Token);
        });
        try
        {
            return Wait(task, cancellation);
        }
        finally
        {
            while (lines.TryDequeue(out var line)) WriteVerbose(line);
        }
    }

    /// <summary>Waits for <paramref name="task"/>, cancelling <paramref name="cancellation"/> when the command is stopped.</summary>
    internal T Wait<T>(Task<T> task, CancellationTokenSource cancellation)
    {
        while (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(StopCheck))
        {
            if (Stopping) cancellation.Cancel();
        }
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    /// <summary>
    /// Runs the operation on the item at <paramref name="path"/> (a provider path): a failure about the item is a non-terminating error with the cmdlets'
    /// FullyQualifiedErrorId; anything else (no connection, authentication, network) stops the command. A missing item is
    /// reported as PowerShell reports one, by its path in the drive. For a copy, move or rename, <paramref name="destination"/>
    /// gives the (Dropbox) path it goes to once known: a failure about the destination names it, as Copy-/Move-DropboxItem do.
    /// </summary>
    private void ForItem(string path, Action operation, Func<string?>? destination = null)
    {
        var target = ProviderPaths.Display("/" + ProviderPaths.FromDropbox(path));
        try
        {
            operation();
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFound)
        {
            ReportMissing(path);
        }
        catch (Exception e) when (IsAboutItem(e))
        {
            var to = destination?.Invoke();
            WriteError(ErrorRecords.From(e, to is null ? target : RelocationCmdlet.ErrorTarget(e, target, ProviderPaths.Display(to))));
        }
        catch (Exception e) when (e is not PipelineStoppedException && e is not ProviderInvocationException && e is not RuntimeException)
        {
            ThrowTerminatingError(ErrorRecords.From(e, target));
        }
    }

    /// <summary>A missing item, reported once, as PowerShell reports one: by its path in the drive (Dropbox:/a/b.txt).</summary>
    private void ReportMissing(string path)
    {
        if (_missing.Add(ProviderPaths.FromDropbox(path))) WriteError(ErrorRecords.ItemNotFound(ProviderPaths.InDrive(PSDriveInfo, path)));
    }

    /// <summary>The encrypted folders of the drive's connection.</summary>
    private IReadOnlyList<CryptFolder> Crypt =>
        ((PSDriveInfo as DropboxDriveInfo)?.Connection ?? ConnectionRegistry.Current)?.CryptFolders.All ?? (IReadOnlyList<CryptFolder>)Array.Empty<CryptFolder>();

    /// <summary>Where an existing item at the (plaintext) Dropbox path <paramref name="path"/> is stored.</summary>
    private string Stored(string path)
    {
        var crypt = Crypt;
        if (CryptPaths.Find(crypt, path) is null) return path;
        var client = Client;
        return Wait(ct => CryptPaths.ExistingAsync(client.Files, crypt, path, ct));
    }

    /// <summary>What Dropbox returned, as the drive shows it: decrypted inside an encrypted folder (a name that does not decrypt, with a warning).</summary>
    private DropboxItem Plain(DropboxItem stored) => CryptPaths.Plain(Crypt, stored, WriteWarning);

    /// <summary>The item at <paramref name="path"/> (a Dropbox path), looked up once per instance.</summary>
    private DropboxItem Lookup(string path)
    {
        if (path.Length == 0) return DropboxFolder.Root();
        if (_looked.TryGetValue(path, out var known)) return known;
        var client = Client;
        var stored = Stored(path);
        var item = Plain(Wait(ct => client.Files.GetMetadataAsync(stored, false, ct)));
        _looked[path] = item;
        return item;
    }

    /// <summary>
    /// Writes an item of Dropbox to the pipeline, with the provider path PowerShell builds PSPath from. Its Path reads as
    /// the drive's path (Dropbox:/a/b.txt): Remove-Item, Copy-Item and the other cmdlets bind -Path by property name
    /// before PSPath, and a bare "/a/b.txt" would name a local file to them. The module's cmdlets read Dropbox: paths.
    /// </summary>
    private void Write(DropboxItem item)
    {
        var path = ProviderPaths.Of(item);
        var output = new PSObject(item);
        output.Properties.Add(new PSNoteProperty(nameof(DropboxItem.Path), ProviderPaths.InDrive(PSDriveInfo, path)));
        WriteItemObject(output, path, item is DropboxFolder);
    }

    /// <summary>Failures about the item at hand (the cmdlets' per-item failures, and a path or name refused before any call).</summary>
    private static bool IsAboutItem(Exception e) => ErrorRecords.IsPerItem(e) || e is ArgumentException;

    private static bool IsNotFound(Exception e) =>
        e is DropboxApiException { Kind: DropboxErrorKind.NotFound or DropboxErrorKind.NotFolder } || e is MalformedPathException;
}
