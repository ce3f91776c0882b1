using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Client.Wire;
using PSDropbox.Transfers;
using PSDropbox.Transfers.Upload;
using PSDropbox.Completion;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Uploads local files (or, with -Recurse, folder trees) to Dropbox, many at once, verifying every byte by content hash.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Send, "DropboxFile", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(DropboxFile))]
public sealed class SendDropboxFileCommand : DropboxCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    /// <summary>Pipeline input is uploaded in groups of this many items (memory stays bounded however many are piped).</summary>
    private const int PipelineGroup = 1000;

    private readonly List<(FileSystemInfo Local, string Destination)> _pending = new();
    private readonly Dictionary<string, bool> _isFolder = new(StringComparer.OrdinalIgnoreCase);
    private string? _basePath;

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
    /// Where to upload: a Dropbox folder that receives the files (and folders, under their own names), or the full path
    /// of a single file. A script block is evaluated for each piped item ($_ is the item), as Rename-Item -NewName is.
    /// </summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, HelpMessage = "Remote folder (/logs/) or full remote file path.")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string Destination { get; set; } = "";

    /// <summary>
    /// The local folder that piped files' paths are taken relative to: each lands at Destination/&lt;path below BasePath&gt;.
    /// Without it, piped files land directly in the destination folder.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BasePath { get; set; }

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

    /// <summary>Uploads folders with everything in them: a folder lands as Destination/&lt;folder name&gt;, on every run.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Files whose Dropbox copy has the same content_hash are not sent (with -PassThru they come out with Skipped = $true).</summary>
    [Parameter]
    public SwitchParameter SkipIdentical { get; set; }

    /// <summary>How many files are uploaded at once (default 16, measured best at a 50 ms round trip).</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = TreeUploadOptions.DefaultThrottleLimit;

    /// <summary>
    /// Bytes per upload request, a multiple of 4 MiB up to 148 MiB (default 16 MiB). Files up to this size go in one
    /// request; larger ones through an upload session. Memory use is about ThrottleLimit chunks.
    /// </summary>
    [Parameter]
    [ValidateRange(4L * 1024 * 1024, 148L * 1024 * 1024)]
    public long ChunkSize { get; set; } = FileUploader.DefaultChunkSize;

    /// <summary>Continues interrupted upload sessions of files larger than one chunk from the server's offset; smaller files are sent again.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Writes the metadata of each uploaded (or skipped) file to the pipeline as it completes, with LocalPath and Skipped added.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// Seconds without a byte sent or received before a request of this command counts as failed (it is retried); overrides
    /// the connection's -OperationTimeoutSeconds for this command.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int OperationTimeoutSeconds { get; set; }

    /// <summary>Bytes per second for this command's transfers together, e.g. 5MB (within the connection's -MaxTransferRate, if any).</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long MaxTransferRate { get; set; }

    protected override void BeginProcessing()
    {
        TransportOverrides = TransferLimits.From(MyInvocation, OperationTimeoutSeconds, MaxTransferRate);
        try
        {
            Mode = WriteModeRule.Resolve(Mode, MyInvocation.BoundParameters.ContainsKey(nameof(Mode)), Rev);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, null));
        }
        if (ChunkSize % ContentHasher.BlockSize != 0)
            ThrowTerminatingError(ErrorRecords.From(new ArgumentException($"-ChunkSize must be a multiple of 4 MiB (4194304 bytes); {ChunkSize} is not."), ChunkSize));
        if (BasePath is not null)
        {
            _basePath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(BasePath);
            if (!Directory.Exists(_basePath))
                ThrowTerminatingError(ErrorRecords.From(new DirectoryNotFoundException($"-BasePath '{_basePath}' is not a local folder."), BasePath));
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var source in ResolveSources())
        {
            if (source is DirectoryInfo && !Recurse)
                WriteError(ErrorRecords.From(new DirectoryNeedsRecurseException(source.FullName), source.FullName));
            else
                _pending.Add((source, Destination));
        }
        if (_pending.Count >= PipelineGroup) Upload();
    }

    protected override void EndProcessing() => Upload();

    /// <summary>Uploads the items gathered so far, all at once.</summary>
    private void Upload()
    {
        if (_pending.Count == 0) return;
        var group = _pending.ToList();
        _pending.Clear();
        var client = Client;
        var options = new TreeUploadOptions
        {
            ChunkSize = (int)ChunkSize,
            ThrottleLimit = ThrottleLimit,
            Resume = Resume,
            SkipIdentical = SkipIdentical,
            Commit = Commit,
            Crypt = CryptFolders,
        };
        Run(async (bridge, cancellationToken) =>
        {
            foreach (var destination in group.Select(g => g.Destination).Distinct(StringComparer.OrdinalIgnoreCase).ToList())
            {
                if (!_isFolder.ContainsKey(destination))
                    _isFolder[destination] = await IsFolderAsync(client.Files, options.Crypt, destination, group.Count(g => g.Destination == destination), cancellationToken).ConfigureAwait(false);
            }
            var reporter = new UploadReporter(bridge, PassThru, (int)ChunkSize);
            try
            {
                await new TreeUploader(client.Files, options).RunAsync(Jobs(group, bridge), reporter, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                reporter.Complete();
            }
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
    /// Every file to upload (and every empty folder to create) with its remote path, walked lazily so that a large tree is
    /// never held in memory. A folder always lands as Destination/&lt;its name&gt; (or, with -BasePath, at its path below
    /// it), so that running the same command again gives the same tree.
    /// </summary>
    private IEnumerable<UploadJob> Jobs(List<(FileSystemInfo Local, string Destination)> group, PipelineBridge bridge)
    {
        foreach (var (local, destination) in group)
        {
            var folder = RemoteFolder(destination);
            string remote;
            try
            {
                remote = _basePath is not null ? Join(folder, RelativeToBase(local.FullName))
                    : local is DirectoryInfo || _isFolder[destination] ? Join(folder, local.Name)
                    : folder;
            }
            catch (ArgumentException e)
            {
                bridge.WriteError(ErrorRecords.From(e, local.FullName));
                continue;
            }
            if (local is FileInfo file)
            {
                var scope = _basePath is not null ? new RemoteScope(folder, true) : new RemoteScope(Parent(remote), false);
                yield return UploadJob.File(file, remote, scope);
                continue;
            }
            foreach (var job in TreeJobs((DirectoryInfo)local, remote)) yield return job;
        }
    }

    /// <summary>A folder's files, and the folders no file of it lands in (creating a file creates its parents).</summary>
    private static IEnumerable<UploadJob> TreeJobs(DirectoryInfo root, string remoteRoot)
    {
        var scope = new RemoteScope(remoteRoot, true);
        (DirectoryInfo Info, IReadOnlyList<string> Parts, string Remote)? held = (root, Array.Empty<string>(), remoteRoot);
        foreach (var entry in LocalTree.Walk(root))
        {
            var remote = Join(remoteRoot, string.Join("/", entry.RelativeParts));
            if (held is { } folder && !IsBelow(entry.RelativeParts, folder.Parts)) yield return UploadJob.Folder(folder.Info, folder.Remote, scope);
            held = null;
            if (entry.Info is DirectoryInfo directory) held = (directory, entry.RelativeParts, remote);
            else yield return UploadJob.File((FileInfo)entry.Info, remote, scope);
        }
        if (held is { } last) yield return UploadJob.Folder(last.Info, last.Remote, scope);
    }

    private static bool IsBelow(IReadOnlyList<string> parts, IReadOnlyList<string> folder) =>
        parts.Count > folder.Count && folder.Select((name, i) => name == parts[i]).All(same => same);

    /// <summary>The local path below -BasePath, with "/" between names.</summary>
    private string RelativeToBase(string localPath)
    {
        var root = _basePath!.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar) + System.IO.Path.DirectorySeparatorChar;
        if (!localPath.StartsWith(root, StringComparison.Ordinal))
            throw new ArgumentException($"'{localPath}' is not below -BasePath '{_basePath}': its place in Dropbox is not known.");
        return localPath.Substring(root.Length).Replace(System.IO.Path.DirectorySeparatorChar, '/');
    }

    /// <summary>The destination without a trailing "/" ("" for the root).</summary>
    private static string RemoteFolder(string destination) => DropboxPath.IsRoot(destination) ? "" : DropboxPath.Normalize(destination.TrimEnd('/'));

    private static string Join(string folder, string name) => name.Length == 0 ? folder : folder + "/" + name;

    private static string Parent(string remote) => remote.Substring(0, Math.Max(0, remote.LastIndexOf('/')));

    /// <summary>
    /// Whether files go into the destination under their own names: it is the root, ends in "/", several items go there,
    /// or it is a folder already. Otherwise the one file given is written at the destination path.
    /// </summary>
    private async Task<bool> IsFolderAsync(FilesClient files, IReadOnlyList<CryptFolder> crypt, string destination, int items, CancellationToken cancellationToken)
    {
        if (DropboxPath.IsRoot(destination) || destination.EndsWith("/", StringComparison.Ordinal) || items > 1 || _basePath is not null) return true;
        try
        {
            var stored = await CryptPaths.ExistingAsync(files, crypt, destination, cancellationToken).ConfigureAwait(false);
            return await files.GetMetadataAsync(stored, false, cancellationToken).ConfigureAwait(false) is DropboxFolder;
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFound)
        {
            return false;
        }
    }
}
