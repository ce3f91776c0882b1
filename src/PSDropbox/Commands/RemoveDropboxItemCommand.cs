using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Completion;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Deletes Dropbox files and folders (restorable), or -Permanent for good; many items go in one batch call.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DropboxItem", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = DeleteSet)]
[OutputType(typeof(DropboxFile), typeof(DropboxFolder), ParameterSetName = new[] { DeleteSet })]
public sealed class RemoveDropboxItemCommand : DropboxCmdlet
{
    private const string DeleteSet = "Delete";
    private const string PermanentSet = "Permanent";

    private readonly List<KeyValuePair<string, string?>> _pending = new();
    private bool _yesToAll;
    private bool _noToAll;

    /// <summary>Remote paths of the items to delete (/a/b or id:...); a wildcard in the last name (/logs/*.tmp) deletes every matching item. A folder is deleted with everything in it.</summary>
    [SupportsWildcards]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote path of the item to delete: /folder/file or id:...")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Deletes a file only if it is still at this revision (unchanged since you read it).</summary>
    [Parameter]
    [ValidatePattern("^[0-9a-f]{9,}$")]
    public string? Rev { get; set; }

    /// <summary>Deletes permanently: no restore, no revisions (files/permanently_delete; Dropbox Business). Asks for confirmation unless -Confirm:$false.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PermanentSet)]
    public SwitchParameter Permanent { get; set; }

    /// <summary>Writes each deleted item (as it was before deletion) to the pipeline.</summary>
    [Parameter(ParameterSetName = DeleteSet)]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var path in Path.SelectMany(p => ExpandWildcard(p)))
        {
            try
            {
                if (DropboxPath.IsRoot(path)) throw new ArgumentException("The root folder cannot be deleted.");
                DropboxPath.Normalize(path);
            }
            catch (ArgumentException e)
            {
                WriteError(ErrorRecords.From(e, path));
                continue;
            }
            if (Permanent)
            {
                if (ConfirmPermanent(path)) DeletePermanently(path);
                continue;
            }
            if (!ShouldProcess(path, "Delete")) continue;
            _pending.Add(new KeyValuePair<string, string?>(path, Rev));
            if (_pending.Count >= FilesClient.MaxBatchEntries) Flush();
        }
    }

    protected override void EndProcessing() => Flush();

    /// <summary>ConfirmImpact High for -Permanent only: prompts unless $ConfirmPreference is None or -Confirm:$false was given.</summary>
    private bool ConfirmPermanent(string path)
    {
        if (!ShouldProcess(path, "Delete permanently (cannot be restored)")) return false;
        if (MyInvocation.BoundParameters.ContainsKey("Confirm")) return true;
        var preference = Enum.TryParse(GetVariableValue("ConfirmPreference")?.ToString(), true, out ConfirmImpact p) ? p : ConfirmImpact.High;
        return preference == ConfirmImpact.None ||
               ShouldContinue($"Permanently delete '{path}'? It cannot be restored.", "Confirm permanent deletion", ref _yesToAll, ref _noToAll);
    }

    private void DeletePermanently(string path)
    {
        var client = Client;
        var crypt = CryptFolders;
        RunDelete(path, async (_, cancellationToken) => await client.Files.PermanentlyDeleteAsync(
            await CryptPaths.ExistingAsync(client.Files, crypt, path, cancellationToken).ConfigureAwait(false), Rev, cancellationToken).ConfigureAwait(false));
    }

    private void Flush()
    {
        if (_pending.Count == 0) return;
        var batch = WithoutNestedItems(_pending);
        _pending.Clear();
        if (batch.Length == 0) return;
        var client = Client;
        var crypt = CryptFolders;
        if (batch.Length == 1)
        {
            var path = batch[0].Key;
            RunDelete(path, async (bridge, cancellationToken) =>
            {
                var stored = await CryptPaths.ExistingAsync(client.Files, crypt, path, cancellationToken).ConfigureAwait(false);
                var deleted = await client.Files.DeleteAsync(stored, Rev, cancellationToken).ConfigureAwait(false);
                if (PassThru) await bridge.WriteObjectAsync(CryptPaths.Plain(crypt, deleted, bridge.WriteWarning)).ConfigureAwait(false);
            });
            return;
        }
        Run(async (bridge, cancellationToken) =>
        {
            var stored = new List<KeyValuePair<string, string?>>(batch.Length);
            foreach (var entry in batch)
                stored.Add(new(await CryptPaths.ExistingAsync(client.Files, crypt, entry.Key, cancellationToken).ConfigureAwait(false), entry.Value));
            var outcomes = await client.Files.DeleteBatchAsync(stored, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < outcomes.Count; i++)
            {
                if (outcomes[i].Error is { } error) bridge.WriteError(Record(error, batch[i].Key));
                else if (PassThru) await bridge.WriteObjectAsync(outcomes[i].Item is { } item ? CryptPaths.Plain(crypt, item, bridge.WriteWarning) : null).ConfigureAwait(false);
            }
        });
    }

    /// <summary>
    /// Items inside a folder that is deleted too (Get-DropboxChildItem -Recurse | Remove-DropboxItem) go with their
    /// folder; deleting them as well would only fail as not found.
    /// </summary>
    private KeyValuePair<string, string?>[] WithoutNestedItems(List<KeyValuePair<string, string?>> pending)
    {
        var paths = new HashSet<string>(pending.Select(p => Lower(p.Key)), StringComparer.Ordinal);
        var kept = new List<KeyValuePair<string, string?>>(pending.Count);
        foreach (var item in pending)
        {
            var folder = EnclosingFolder(Lower(item.Key), paths);
            if (folder is null) kept.Add(item);
            else WriteVerbose($"'{item.Key}' is deleted with its folder '{folder}'.");
        }
        return kept.ToArray();
    }

    private static string Lower(string path) => DropboxPath.Normalize(path).ToLowerInvariant();

    private static string? EnclosingFolder(string path, HashSet<string> candidates)
    {
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            var parent = path.Substring(0, slash);
            if (candidates.Contains(parent)) return parent;
        }
        return null;
    }

    /// <summary>Like RunForItem, with the -Rev guard's own error for a changed file.</summary>
    private void RunDelete(string path, Func<PipelineBridge, CancellationToken, Task> delete) =>
        Run(async (bridge, cancellationToken) =>
        {
            try
            {
                await delete(bridge, cancellationToken).ConfigureAwait(false);
            }
            catch (DropboxApiException e)
            {
                bridge.WriteError(Record(e, path));
            }
            catch (Exception e) when (ErrorRecords.IsPerItem(e))
            {
                bridge.WriteError(ErrorRecords.From(e, path));
            }
        }, path);

    private ErrorRecord Record(DropboxApiException error, string path) =>
        Rev is not null && error.Kind == DropboxErrorKind.Conflict ? ErrorRecords.RevisionMismatch(error, path, Rev) : ErrorRecords.From(error, path);
}
