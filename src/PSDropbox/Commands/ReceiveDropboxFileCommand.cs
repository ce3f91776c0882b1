using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Transfers;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Downloads Dropbox files (or, with -Recurse, folder trees; with -AsZip, folders as zips), verified by content hash and written atomically.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "DropboxFile", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ReceiveDropboxFileCommand : DropboxCmdlet
{
    /// <summary>Remote files or folders: /path, id:... or rev:...; binds the Path of Get-DropboxChildItem / Get-DropboxItem output.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote file(s) to download: /folder/file, id:... or rev:...")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>
    /// A local folder (existing, or ending with a path separator) that receives the files under their Dropbox names, or the
    /// local file path to write. Default: the current location.
    /// </summary>
    [Parameter(Position = 1, HelpMessage = "Local folder, or local file path.")]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = ".";

    /// <summary>Downloads this older revision of the file instead of the current one.</summary>
    [Parameter]
    [ValidatePattern("^[0-9a-f]{9,}$")]
    public string? Rev { get; set; }

    /// <summary>Overwrites local files that already exist.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Continues an interrupted download from the bytes already on disk (the .psdropbox-partial file) with a Range request.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Downloads folders with everything in them, mirroring the tree under the destination.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>
    /// Downloads each folder as one .zip file (Dropbox's files/download_zip) instead of file by file. Dropbox sends no content
    /// hash for a zip, so it is not verified end to end; a broken download starts over instead of resuming.
    /// </summary>
    [Parameter]
    public SwitchParameter AsZip { get; set; }

    /// <summary>Writes a FileInfo for each downloaded file to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        if (AsZip && Resume)
            ThrowTerminatingError(ErrorRecords.From(new ArgumentException("-AsZip cannot be used with -Resume: Dropbox sends a zip whole, so a zip download cannot be continued."), null));
        if (AsZip && Rev is not null)
            ThrowTerminatingError(ErrorRecords.From(new ArgumentException("-AsZip cannot be used with -Rev: revisions belong to files, and -AsZip downloads folders."), Rev));
    }

    protected override void ProcessRecord()
    {
        var client = Connection.Client;
        var destination = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination);
        var destinationIsFolder = Directory.Exists(destination) || EndsWithSeparator(Destination);
        foreach (var path in Path)
        {
            RunForItem(path, async (bridge, cancellationToken) =>
            {
                var remote = Rev is null ? path : "rev:" + Rev;
                var item = await client.Files.GetMetadataAsync(remote, false, cancellationToken).ConfigureAwait(false);
                if (AsZip)
                {
                    await DownloadZipAsync(client.Files, bridge, remote, item, destination, destinationIsFolder, cancellationToken).ConfigureAwait(false);
                    return;
                }
                switch (item)
                {
                    case DropboxFile file:
                        var target = destinationIsFolder ? LocalNames.Under(destination, new[] { file.Name }) : System.IO.Path.GetFullPath(destination);
                        WarnIfRenamed(bridge, file, target);
                        await DownloadAsync(client.Files, bridge, remote, file, target, null, cancellationToken).ConfigureAwait(false);
                        break;
                    case DropboxFolder folder when Recurse:
                        var root = destinationIsFolder && !DropboxPath.IsRoot(folder.Path) ? LocalNames.Under(destination, new[] { folder.Name }) : destination;
                        await DownloadTreeAsync(client.Files, bridge, folder, root, cancellationToken).ConfigureAwait(false);
                        break;
                    case DropboxFolder folder:
                        throw new DirectoryNeedsRecurseException(folder.Path ?? path);
                }
            });
        }
    }

    /// <summary>
    /// Lists the folder page by page and downloads each file as its page arrives. A first listing pass (metadata only)
    /// totals the bytes for the overall progress bar; neither pass keeps more than a page and the folder map in memory.
    /// </summary>
    private async Task DownloadTreeAsync(FilesClient files, PipelineBridge bridge, DropboxFolder folder, string root, CancellationToken cancellationToken)
    {
        var prefix = DropboxPath.IsRoot(folder.Path) ? "" : folder.PathLower ?? "";
        long totalBytes = 0;
        int totalFiles = 0, number = 0;
        await ForEachEntryAsync(files, folder, prefix, entry =>
        {
            if (entry is not DropboxFile file) return Task.CompletedTask;
            totalFiles++;
            totalBytes += file.Size;
            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        var overall = totalFiles > 1 ? new TransferProgressBar(bridge, 1, $"Downloading {folder.Path}", totalBytes) : null;

        // Local folder per remote folder (by path_lower), so each level takes its case from the folder's own name.
        var folders = new Dictionary<string, string>(StringComparer.Ordinal) { [prefix] = root };
        if (await bridge.ShouldProcessAsync(root, "Create folder").ConfigureAwait(false)) Directory.CreateDirectory(root);
        await ForEachEntryAsync(files, folder, prefix, async entry =>
        {
            var lower = entry.PathLower ?? "";
            var parent = ParentOf(lower);
            var localParent = folders.TryGetValue(parent, out var known) ? known : LocalFolderFor(folders, root, prefix.Length, parent, ParentOf(entry.Path ?? lower));
            try
            {
                var local = LocalNames.Under(localParent, new[] { entry.Name });
                if (entry is DropboxFolder)
                {
                    folders[lower] = local;
                    if (await bridge.ShouldProcessAsync(local, "Create folder").ConfigureAwait(false)) Directory.CreateDirectory(local);
                }
                else if (entry is DropboxFile file)
                {
                    if (overall is not null) overall.Prefix = $"File {++number} of {totalFiles}";
                    WarnIfRenamed(bridge, file, local);
                    await DownloadAsync(files, bridge, file.PathLower ?? file.Path ?? "", file, local, overall, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (ErrorRecords.IsPerItem(e))
            {
                bridge.WriteError(ErrorRecords.From(e, entry.Path));
            }
        }, cancellationToken).ConfigureAwait(false);
        overall?.Complete();
    }

    private static async Task ForEachEntryAsync(FilesClient files, DropboxFolder folder, string prefix, Func<DropboxItem, Task> action,
        CancellationToken cancellationToken)
    {
        var page = await files.ListFolderAsync(folder.PathLower ?? folder.Path ?? "", recursive: true, includeDeleted: false, limit: null, cancellationToken)
            .ConfigureAwait(false);
        while (true)
        {
            foreach (var entry in page.Entries)
            {
                var lower = entry.PathLower ?? "";
                if (lower == prefix || !lower.StartsWith(prefix + "/", StringComparison.Ordinal)) continue;
                await action(entry).ConfigureAwait(false);
            }
            if (!page.HasMore) break;
            page = await files.ListFolderContinueAsync(page.Cursor, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A folder the listing has not shown yet (Dropbox does not promise parents first): named from path_display.</summary>
    private static string LocalFolderFor(Dictionary<string, string> folders, string root, int prefixLength, string parentLower, string parentDisplay)
    {
        var relative = parentDisplay.Substring(Math.Min(prefixLength, parentDisplay.Length)).Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
        var local = LocalNames.Under(root, relative);
        folders[parentLower] = local;
        return local;
    }

    private async Task DownloadAsync(FilesClient files, PipelineBridge bridge, string remote, DropboxFile file, string target,
        TransferProgressBar? overall, CancellationToken cancellationToken)
    {
        if (!await PrepareTargetAsync(bridge, target, $"Download {file.Path} ({TransferProgressBar.Size(file.Size)})").ConfigureAwait(false)) return;
        var bar = new TransferProgressBar(bridge, 2, $"Downloading {file.Name}", file.Size, overall);
        await new FileDownloader(files).DownloadAsync(remote, target, Resume, bar, cancellationToken).ConfigureAwait(false);
        bar.Complete();
        if (PassThru) await bridge.WriteObjectAsync(new FileInfo(target)).ConfigureAwait(false);
    }

    /// <summary>
    /// Into a folder as "&lt;folder name&gt;.zip", else to the destination path. A file is left to the server to refuse
    /// (path/not_folder), so the error is Dropbox's own.
    /// </summary>
    private async Task DownloadZipAsync(FilesClient files, PipelineBridge bridge, string remote, DropboxItem item, string destination,
        bool destinationIsFolder, CancellationToken cancellationToken)
    {
        if (item is DropboxFolder && DropboxPath.IsRoot(item.Path))
            throw new ArgumentException("The whole Dropbox cannot be downloaded as one zip: give a folder, or use -Recurse without -AsZip.");
        var target = destinationIsFolder ? LocalNames.Under(destination, new[] { item.Name + ".zip" }) : System.IO.Path.GetFullPath(destination);
        if (!await PrepareTargetAsync(bridge, target, $"Download {item.Path} as a zip").ConfigureAwait(false)) return;
        var bar = new TransferProgressBar(bridge, 2, $"Downloading {item.Name}.zip", TransferProgressBar.UnknownTotal);
        await new ZipDownloader(files).DownloadAsync(remote, target, bar, cancellationToken).ConfigureAwait(false);
        bar.Complete();
        if (PassThru) await bridge.WriteObjectAsync(new FileInfo(target)).ConfigureAwait(false);
    }

    /// <summary>Refuses an existing file (without -Force) or a folder at the target, asks ShouldProcess and creates the target's folder.</summary>
    private async Task<bool> PrepareTargetAsync(PipelineBridge bridge, string target, string action)
    {
        if (File.Exists(target) && !Force) throw new LocalFileExistsException(target);
        if (Directory.Exists(target)) throw new IOException($"'{target}' is a folder; give a file path or a folder to download into.");
        if (!await bridge.ShouldProcessAsync(target, action).ConfigureAwait(false)) return false;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        return true;
    }

    private static void WarnIfRenamed(PipelineBridge bridge, DropboxFile file, string target)
    {
        var localName = System.IO.Path.GetFileName(target);
        if (!string.Equals(localName, file.Name, StringComparison.Ordinal) && target.EndsWith(LocalNames.MakeSafe(file.Name), StringComparison.Ordinal))
            bridge.WriteWarning($"'{file.Path}' is saved as '{localName}': its name is not safe as a local file name.");
    }

    private static string ParentOf(string lower)
    {
        var slash = lower.LastIndexOf('/');
        return slash <= 0 ? "" : lower.Substring(0, slash);
    }

    private static bool EndsWithSeparator(string path) => path.EndsWith("/", StringComparison.Ordinal) || path.EndsWith("\\", StringComparison.Ordinal);
}
