using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Commands;

/// <summary>
/// Shared by Copy-, Move- and Rename-DropboxItem: items confirmed in ProcessRecord are collected and sent in
/// EndProcessing (or every 1000 items) as one call for a single item, or one batch call (copy_batch_v2 /
/// move_batch_v2 + polling) for several. A failed entry is a non-terminating error; the others still happen.
/// </summary>
public abstract class RelocationCmdlet : DropboxCmdlet
{
    private readonly List<PendingItem> _pending = new();
    private int _collected;

    /// <summary>When the destination exists, picks a free name such as "report (1).pdf" instead of failing.</summary>
    [Parameter]
    public SwitchParameter Autorename { get; set; }

    /// <summary>Writes the item at its new location to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>true: move_v2 (ids kept); false: copy_v2 (new ids).</summary>
    protected abstract bool IsMove { get; }

    /// <summary>
    /// The full destination path of one item whose current path is <paramref name="sourcePath"/>.
    /// <paramref name="itemCount"/> is how many items this command has been given so far.
    /// </summary>
    protected abstract Task<string> TargetAsync(DropboxClient client, PendingItem item, string sourcePath, int itemCount, CancellationToken cancellationToken);

    /// <summary>One confirmed source path and what the cmdlet was told about its destination (a folder, a path or a new name).</summary>
    protected sealed class PendingItem
    {
        public PendingItem(string source, string destination)
        {
            Source = source;
            Destination = destination;
        }

        public string Source { get; }
        public string Destination { get; }
    }

    /// <summary>Queues <paramref name="source"/> if its path is well-formed and the user confirms.</summary>
    protected void Enqueue(string source, string destination, string action)
    {
        try
        {
            DropboxPath.Normalize(source);
        }
        catch (MalformedPathException e)
        {
            WriteError(ErrorRecords.From(e, source));
            return;
        }
        if (!ShouldProcess(source, action)) return;
        _pending.Add(new PendingItem(source, destination));
        _collected++;
        if (_pending.Count >= FilesClient.MaxBatchEntries) Flush();
    }

    protected override void EndProcessing() => Flush();

    private void Flush()
    {
        if (_pending.Count == 0) return;
        var batch = _pending.ToArray();
        _pending.Clear();
        var client = Client;
        var crypt = CryptFolders;
        int itemCount = _collected;
        Run(async (bridge, cancellationToken) =>
        {
            var moves = new List<KeyValuePair<string, string>>();
            var sources = new List<string>();
            var targets = new List<string>();
            foreach (var item in batch)
            {
                string? target = null;
                string? shown = null; // the destination as the user sees it (plaintext in an encrypted folder)
                var source = item.Source;
                try
                {
                    var sourcePath = await SourcePathAsync(client, item.Source, cancellationToken).ConfigureAwait(false);
                    target = await TargetAsync(client, item, sourcePath, itemCount, cancellationToken).ConfigureAwait(false);
                    shown = target;
                    (source, target) = await CryptPaths.RelocationAsync(client.Files, crypt, item.Source, sourcePath, target, cancellationToken).ConfigureAwait(false);
                    if (IsCaseOnlyRename(source, target))
                    {
                        await ReportAsync(bridge, item.Source, shown, await RenameCaseAsync(client, source, target, cancellationToken).ConfigureAwait(false), null)
                            .ConfigureAwait(false);
                        continue;
                    }
                }
                catch (Exception e) when (ErrorRecords.IsPerItem(e) || e is ArgumentException)
                {
                    // ArgumentException: the item would cross the edge of an encrypted folder (CryptPaths.RelocationAsync).
                    bridge.WriteError(ErrorRecords.From(e, item.Source));
                    continue;
                }
                moves.Add(new KeyValuePair<string, string>(source, target));
                sources.Add(item.Source);
                targets.Add(shown!);
            }
            if (moves.Count == 1)
            {
                try
                {
                    var moved = IsMove
                        ? await client.Files.MoveAsync(moves[0].Key, moves[0].Value, Autorename, cancellationToken).ConfigureAwait(false)
                        : await client.Files.CopyAsync(moves[0].Key, moves[0].Value, Autorename, cancellationToken).ConfigureAwait(false);
                    await ReportAsync(bridge, sources[0], targets[0], moved, null).ConfigureAwait(false);
                }
                catch (Exception e) when (ErrorRecords.IsPerItem(e))
                {
                    bridge.WriteError(ErrorRecords.From(e, ErrorTarget(e, sources[0], targets[0])));
                }
            }
            else if (moves.Count > 1)
            {
                var outcomes = IsMove
                    ? await client.Files.MoveBatchAsync(moves, Autorename, cancellationToken).ConfigureAwait(false)
                    : await client.Files.CopyBatchAsync(moves, Autorename, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < outcomes.Count; i++)
                    await ReportAsync(bridge, sources[i], targets[i], outcomes[i].Item, outcomes[i].Error).ConfigureAwait(false);
            }
        });
    }

    private async Task ReportAsync(PipelineBridge bridge, string source, string target, DropboxItem? item, DropboxApiException? error)
    {
        if (error is not null) bridge.WriteError(ErrorRecords.From(error, ErrorTarget(error, source, target)));
        else if (PassThru) await bridge.WriteObjectAsync(item is null ? null : CryptPaths.Plain(CryptFolders, item, bridge.WriteWarning)).ConfigureAwait(false);
    }

    /// <summary>
    /// An error about the destination (<see cref="ErrorRecords.IsAboutDestination"/>) names the destination; any other, the
    /// source. The Dropbox drive's Copy-, Move- and Rename-Item follow it too.
    /// </summary>
    internal static string ErrorTarget(Exception e, string source, string target) => ErrorRecords.IsAboutDestination(e) ? target : source;

    /// <summary>/Docs/a.txt → /docs/A.TXT: the same item under another case. Dropbox does not rename that in one move.</summary>
    private bool IsCaseOnlyRename(string source, string target) =>
        IsMove && !string.Equals(source, target, StringComparison.Ordinal) &&
        string.Equals(DropboxPath.Normalize(source), DropboxPath.Normalize(target), StringComparison.OrdinalIgnoreCase);

    /// <summary>Two moves through a temporary name next to the item; if the second fails, the first is undone.</summary>
    internal static async Task<DropboxItem> RenameCaseAsync(DropboxClient client, string source, string target, CancellationToken cancellationToken)
    {
        var temporary = DropboxPath.Normalize(target) + ".psdropbox-rename-" + Guid.NewGuid().ToString("N").Substring(0, 8);
        await client.Files.MoveAsync(source, temporary, autorename: false, cancellationToken).ConfigureAwait(false);
        try
        {
            return await client.Files.MoveAsync(temporary, target, autorename: false, cancellationToken).ConfigureAwait(false);
        }
        catch (DropboxException)
        {
            await client.Files.MoveAsync(temporary, source, autorename: false, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The /path of a source; id: and ns: paths are looked up.</summary>
    private static async Task<string> SourcePathAsync(DropboxClient client, string source, CancellationToken cancellationToken)
    {
        var normalized = DropboxPath.Normalize(source);
        if (normalized.StartsWith("/", StringComparison.Ordinal)) return normalized;
        var item = await client.Files.GetMetadataAsync(normalized, false, cancellationToken).ConfigureAwait(false);
        return item.Path ?? normalized;
    }

    /// <summary>"/a/b/c.txt" → "c.txt".</summary>
    protected static string LeafName(string path) => path.Substring(path.LastIndexOf('/') + 1);

    /// <summary>"/a/b/c.txt" → "/a/b"; "/c.txt" → "" (the root).</summary>
    protected static string ParentOf(string path) => path.Substring(0, Math.Max(0, path.LastIndexOf('/')));
}
