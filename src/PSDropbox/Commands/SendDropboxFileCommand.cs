using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Client.Wire;
using PSDropbox.Transfers;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Uploads local files (or, with -Recurse, folder trees) to Dropbox, verifying every byte by content hash.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Send, "DropboxFile", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(DropboxFile))]
public sealed class SendDropboxFileCommand : DropboxCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private bool? _destinationIsFolder;

    /// <summary>Local files or folders to upload; wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet,
        HelpMessage = "Local file(s) to upload; wildcards allowed.")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Local files or folders to upload, taken literally (no wildcards). Binds FullName from Get-ChildItem.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet,
        HelpMessage = "Local file(s) to upload, no wildcards.")]
    [Alias("FullName", "PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>
    /// Where to upload: a Dropbox folder (ending in "/" or already existing) that receives the files under their own
    /// names, or the full path of the file to write.
    /// </summary>
    [Parameter(Mandatory = true, Position = 1, HelpMessage = "Remote folder (/logs/) or full remote file path.")]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = "";

    /// <summary>Add (default: never replace different content), Overwrite, or Update (replace only the revision given by -Rev).</summary>
    [Parameter]
    public DropboxWriteMode Mode { get; set; } = DropboxWriteMode.Add;

    /// <summary>With -Mode Update (implied when -Rev is given alone): the revision the upload may replace.</summary>
    [Parameter]
    [ValidatePattern("^[0-9a-f]{9,}$")]
    public string? Rev { get; set; }

    /// <summary>On a conflict, upload under a free name such as "report (1).txt" instead of failing.</summary>
    [Parameter]
    public SwitchParameter Autorename { get; set; }

    /// <summary>Do not notify the account's desktop and mobile clients about this change.</summary>
    [Parameter]
    public SwitchParameter Mute { get; set; }

    /// <summary>Treat identical content as a conflict too, and fail an update whose file was deleted.</summary>
    [Parameter]
    public SwitchParameter StrictConflict { get; set; }

    /// <summary>Uploads folders with everything in them, mirroring the tree under the destination.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>
    /// Bytes per upload request, a multiple of 4 MiB up to 148 MiB (default 16 MiB). Files up to this size go in one
    /// request; larger ones through an upload session. Memory use is about one chunk.
    /// </summary>
    [Parameter]
    [ValidateRange(4L * 1024 * 1024, 148L * 1024 * 1024)]
    public long ChunkSize { get; set; } = FileUploader.DefaultChunkSize;

    /// <summary>Continues an interrupted upload session of the same file to the same destination from its last committed byte.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Writes the metadata of each uploaded file to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        if (Rev is not null && !MyInvocation.BoundParameters.ContainsKey(nameof(Mode))) Mode = DropboxWriteMode.Update;
        if (Mode == DropboxWriteMode.Update && Rev is null)
            ThrowTerminatingError(ErrorRecords.From(new ArgumentException("-Mode Update needs -Rev: the revision the upload may replace."), null));
        if (ChunkSize % ContentHasher.BlockSize != 0)
            ThrowTerminatingError(ErrorRecords.From(new ArgumentException($"-ChunkSize must be a multiple of 4 MiB (4194304 bytes); {ChunkSize} is not."), ChunkSize));
        if (Mode != DropboxWriteMode.Update && Rev is not null)
            ThrowTerminatingError(ErrorRecords.From(new ArgumentException("-Rev only applies to -Mode Update."), null));
    }

    protected override void ProcessRecord()
    {
        var client = Connection.Client;
        var sources = ResolveSources();
        foreach (var folder in sources.OfType<DirectoryInfo>().Where(_ => !Recurse).ToList())
        {
            WriteError(ErrorRecords.From(new DirectoryNeedsRecurseException(folder.FullName), folder.FullName));
            sources.Remove(folder);
        }
        if (sources.Count == 0) return;
        Run(async (bridge, cancellationToken) =>
        {
            _destinationIsFolder ??= await IsFolderAsync(client.Files, Destination, cancellationToken).ConfigureAwait(false);
            var targets = Targets(sources, _destinationIsFolder.Value);
            int files = 0, number = 0;
            long bytes = 0;
            foreach (var (local, _) in targets)
            {
                if (local is not FileInfo file) continue;
                files++;
                bytes += file.Length;
            }
            var overall = files > 1 ? new TransferProgressBar(bridge, 1, "Uploading to Dropbox", bytes) : null;
            foreach (var (local, remote) in targets)
            {
                try
                {
                    if (local is DirectoryInfo)
                    {
                        if (await bridge.ShouldProcessAsync(remote, "Create Dropbox folder").ConfigureAwait(false))
                            await EnsureFolderAsync(client.Files, remote, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                    var file = (FileInfo)local;
                    number++;
                    if (!await bridge.ShouldProcessAsync(file.FullName, $"Upload to Dropbox as {remote}").ConfigureAwait(false)) continue;
                    if (overall is not null) overall.Prefix = $"File {number} of {files}";
                    var bar = new TransferProgressBar(bridge, 2, $"Uploading {file.Name}", file.Length, overall);
                    var result = await new FileUploader(client.Files, (int)ChunkSize).UploadAsync(file.FullName, Commit(remote), Resume, bar, cancellationToken).ConfigureAwait(false);
                    bar.Complete();
                    if (PassThru) await bridge.WriteObjectAsync(result).ConfigureAwait(false);
                }
                catch (Exception e) when (ErrorRecords.IsPerItem(e))
                {
                    bridge.WriteError(ErrorRecords.From(e, local.FullName));
                }
            }
            overall?.Complete();
        });
    }

    private CommitInfo Commit(string remotePath) => new()
    {
        Path = remotePath,
        Mode = new WriteModeArg { Mode = Mode, Rev = Rev },
        Autorename = Autorename,
        Mute = Mute,
        StrictConflict = StrictConflict,
    };

    /// <summary>Local paths as the user gave them, resolved against the current location; missing ones are reported here.</summary>
    private List<FileSystemInfo> ResolveSources()
    {
        var found = new List<FileSystemInfo>();
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var input in literal ? LiteralPath : Path)
        {
            try
            {
                var paths = literal
                    ? new[] { SessionState.Path.GetUnresolvedProviderPathFromPSPath(input) }
                    : SessionState.Path.GetResolvedProviderPathFromPSPath(input, out _).ToArray();
                foreach (var path in paths)
                {
                    if (Directory.Exists(path)) found.Add(new DirectoryInfo(path));
                    else if (File.Exists(path)) found.Add(new FileInfo(path));
                    else throw new FileNotFoundException($"Cannot find the local file '{path}' because it does not exist.", path);
                }
            }
            catch (ItemNotFoundException e)
            {
                WriteError(ErrorRecords.From(new FileNotFoundException(e.Message, input), input));
            }
            catch (Exception e) when (ErrorRecords.IsPerItem(e) || e is NotSupportedException || e is ProviderNotFoundException)
            {
                WriteError(ErrorRecords.From(e is FileNotFoundException ? e : new ArgumentException(e.Message), input));
            }
        }
        return found;
    }

    /// <summary>
    /// Every local file (and, with -Recurse, folder) paired with its remote path, walked lazily so that a large tree is
    /// never held in memory. Folders given without -Recurse are reported and skipped.
    /// </summary>
    private IEnumerable<(FileSystemInfo Local, string Remote)> Targets(List<FileSystemInfo> sources, bool destinationIsFolder)
    {
        var destination = RemoteDestination();
        foreach (var source in sources)
        {
            if (source is FileInfo file)
            {
                yield return (file, destinationIsFolder ? Join(destination, file.Name) : destination);
                continue;
            }
            var root = destinationIsFolder ? Join(destination, source.Name) : destination;
            yield return (source, root);
            foreach (var entry in LocalTree.Walk((DirectoryInfo)source))
                yield return (entry.Info, Join(root, string.Join("/", entry.RelativeParts)));
        }
    }

    /// <summary>The destination without a trailing "/" ("" for the root).</summary>
    private string RemoteDestination() => DropboxPath.IsRoot(Destination) ? "" : DropboxPath.Normalize(Destination.TrimEnd('/'));

    private static string Join(string folder, string name) => folder + "/" + name;

    private async Task<bool> IsFolderAsync(FilesClient files, string destination, CancellationToken cancellationToken)
    {
        if (DropboxPath.IsRoot(destination) || destination.EndsWith("/", StringComparison.Ordinal)) return true;
        try
        {
            return await files.GetMetadataAsync(destination, false, cancellationToken).ConfigureAwait(false) is DropboxFolder;
        }
        catch (DropboxApiException e) when (e.HasTag("not_found"))
        {
            return false;
        }
    }

    private static async Task EnsureFolderAsync(FilesClient files, string remote, CancellationToken cancellationToken)
    {
        try
        {
            await files.CreateFolderAsync(remote, autorename: false, cancellationToken).ConfigureAwait(false);
        }
        catch (DropboxApiException e) when (e.HasTag("conflict") && e.HasTag("folder"))
        {
            // already there: mirroring into an existing folder is fine
        }
    }
}
