using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Completion;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Commands;

/// <summary>
/// Copy-/Move-DropboxItem: -Destination means what it means for Copy-Item and Move-Item. An existing folder
/// (or the root) receives the items under their own names; otherwise a single item takes the destination as its
/// new path, and several items go into a folder of that name.
/// </summary>
public abstract class DestinationCmdlet : RelocationCmdlet
{
    private readonly Dictionary<string, bool> _isFolder = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Remote paths of the items (/a/b, id:...); "/" is not allowed. A wildcard in the last name (/Reports/*.pdf) takes every matching item.</summary>
    [SupportsWildcards]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote path of the item: /folder/file or id:...")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>An existing folder to put the items in, or the new path of a single item.</summary>
    [Parameter(Mandatory = true, Position = 1, HelpMessage = "Remote folder to put the items in, or the new path of one item")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string Destination { get; set; } = "";

    protected abstract string ActionVerb { get; }

    protected override void ProcessRecord()
    {
        foreach (var path in Path.SelectMany(p => ExpandWildcard(p))) Enqueue(path, Destination, $"{ActionVerb} to {Destination}");
    }

    protected override async Task<string> TargetAsync(DropboxClient client, PendingItem item, string sourcePath, int itemCount,
        CancellationToken cancellationToken)
    {
        var destination = DropboxPath.Normalize(item.Destination);
        var into = destination.Length == 0 || itemCount > 1 ||
                   await IsFolderAsync(client, destination, cancellationToken).ConfigureAwait(false);
        return into ? destination + "/" + LeafName(sourcePath) : destination;
    }

    private async Task<bool> IsFolderAsync(DropboxClient client, string destination, CancellationToken cancellationToken)
    {
        if (_isFolder.TryGetValue(destination, out var known)) return known;
        bool isFolder;
        try
        {
            var stored = await CryptPaths.ExistingAsync(client.Files, CryptFolders, destination, cancellationToken).ConfigureAwait(false);
            isFolder = await client.Files.GetMetadataAsync(stored, false, cancellationToken).ConfigureAwait(false) is DropboxFolder;
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFound)
        {
            isFolder = false;
        }
        _isFolder[destination] = isFolder;
        return isFolder;
    }
}
