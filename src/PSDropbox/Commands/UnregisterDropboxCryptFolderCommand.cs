using System.Management.Automation;
using PSDropbox.Client;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Forgets an encrypted folder: the connection (and its stored profile) no longer holds its keys. Nothing in Dropbox changes.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Unregister, "DropboxCryptFolder", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class UnregisterDropboxCryptFolderCommand : ConnectionCmdlet
{
    /// <summary>The encrypted folder to forget, e.g. /Vault; binds Path from Get-DropboxCryptFolder.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        foreach (var path in Path)
        {
            RunForItem(path, async (bridge, cancellationToken) =>
            {
                if (!await bridge.ShouldProcessAsync(path, "Forget the encrypted folder's keys").ConfigureAwait(false)) return;
                if (!connection.CryptFolders.Remove(DropboxPath.Normalize(path))) throw new CryptFolderNotFoundException(path);
                if (connection.OAuth?.Profile is { } profile) await connection.CryptFolders.SaveToAsync(profile, cancellationToken).ConfigureAwait(false);
            });
        }
    }
}
