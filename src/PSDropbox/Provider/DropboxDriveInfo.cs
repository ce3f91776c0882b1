using System.Management.Automation;

namespace PSDropbox.Provider;

/// <summary>
/// A drive of the Dropbox provider: a Dropbox folder (its Root, "/" for the whole Dropbox) seen through one connection.
/// The Dropbox: drive that Connect-Dropbox mounts has no connection of its own: it follows the current connection.
/// </summary>
public sealed class DropboxDriveInfo : PSDriveInfo
{
    internal DropboxDriveInfo(PSDriveInfo drive, string root, DropboxConnection? connection)
        : base(drive.Name, drive.Provider, root, drive.Description, drive.Credential) =>
        Connection = connection;

    /// <summary>The connection the drive works through; null for the Dropbox: drive, which uses the current connection.</summary>
    public DropboxConnection? Connection { get; }
}

/// <summary>The dynamic parameters New-PSDrive gets for -PSProvider Dropbox.</summary>
public sealed class DropboxDriveParameters
{
    /// <summary>The connection the drive works through (Connect-Dropbox -PassThru); the current connection when not given.</summary>
    [Parameter]
    [ValidateNotNull]
    public DropboxConnection? Connection { get; set; }
}
