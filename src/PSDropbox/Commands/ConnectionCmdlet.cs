using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>
/// Base of every cmdlet that works through a connection: the -Connection parameter (a connection from
/// Connect-Dropbox -PassThru or Get-DropboxConnection), else the current connection (<see cref="ConnectionRegistry"/>).
/// </summary>
public abstract class ConnectionCmdlet : AsyncCmdlet
{
    private DropboxConnection? _resolved;

    /// <summary>The connection to use instead of the current one; from Connect-Dropbox -PassThru or Get-DropboxConnection.</summary>
    [Parameter]
    [ValidateNotNull]
    public DropboxConnection? Connection { get; set; }

    /// <summary>
    /// The connection this command works through: -Connection, else the current one. Stops the command with
    /// PSDropbox.NotConnected when there is none, or when it was closed by Disconnect-Dropbox.
    /// </summary>
    protected DropboxConnection ActiveConnection
    {
        get
        {
            if (_resolved is not null) return _resolved;
            var connection = Connection ?? ConnectionRegistry.Current;
            if (Unusable(connection) is { } record) ThrowTerminatingError(record);
            return _resolved = connection!;
        }
    }

    /// <summary>Why <paramref name="connection"/> cannot be used (none, or closed by Disconnect-Dropbox); null when it can.</summary>
    internal static ErrorRecord? Unusable(DropboxConnection? connection) =>
        connection is null ? ErrorRecords.NotConnectedRecord() : !connection.IsOpen ? ErrorRecords.ClosedConnectionRecord(connection) : null;
}
