using System.Management.Automation;
using PSDropbox.Client;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Lists the encrypted folders of the connection and how their names are written; never a password or key.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxCryptFolder")]
[OutputType(typeof(DropboxCryptFolder))]
public sealed class GetDropboxCryptFolderCommand : ConnectionCmdlet
{
    /// <summary>Only these encrypted folders; without it, all of them.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ActiveConnection;
        var profile = connection.OAuth?.Profile?.Name;
        if (Path is null)
        {
            foreach (var folder in connection.CryptFolders.All) WriteObject(DropboxCryptFolder.From(folder, profile));
            return;
        }
        foreach (var path in Path)
        {
            try
            {
                var root = DropboxPath.Normalize(path);
                var found = connection.CryptFolders.All.FirstOrDefault(f => f.RootLower == root.ToLowerInvariant())
                            ?? throw new CryptFolderNotFoundException(path);
                WriteObject(DropboxCryptFolder.From(found, profile));
            }
            catch (Exception e) when (ErrorRecords.IsPerItem(e))
            {
                WriteError(ErrorRecords.From(e, path));
            }
        }
    }
}
