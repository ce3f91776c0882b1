using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Transfers;
using PSDropbox.Transfers.Download;
using PSDropbox.Completion;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Downloads Dropbox files (or, with -Recurse, folder trees; with -AsZip, folders as zips), several at a time, verified by content hash and written atomically.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Receive, "DropboxFile", SupportsShouldProcess = true)]
[OutputType(typeof(DropboxFile))]
public sealed class ReceiveDropboxFileCommand : DropboxCmdlet
{
    /// <summary>Sources gathered from the pipeline before they are downloaded together: enough to keep every slot busy.</summary>
    private const int SourcesPerSlot = 8;

    private readonly List<DownloadSource> _pending = new();
    private string _destination = "";

    /// <summary>
    /// Remote files or folders: /path, id:... or rev:...; a wildcard in the last name (/Photos/*.jpg, /Projects/*) takes every
    /// matching item. Binds the Path of piped items.
    /// </summary>
    [SupportsWildcards]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote file(s) to download: /folder/file, id:... or rev:...")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>
    /// A file or folder piped from Get-DropboxChildItem, Get-DropboxItem or Search-DropboxItem: its metadata is used as it
    /// comes (its Path binds -Path too).
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    public DropboxItem? InputObject { get; set; }

    /// <summary>
    /// The local folder that receives the files and folders under their Dropbox names (created when missing). A single file
    /// given with -Path is written to Destination itself when it is not an existing folder and does not end with a separator.
    /// Default: the current location.
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

    /// <summary>Leaves a local file that already has the Dropbox content hash as it is (reported with -PassThru as Skipped).</summary>
    [Parameter]
    public SwitchParameter SkipIdentical { get; set; }

    /// <summary>
    /// Continues interrupted downloads: partial files with a Range request, complete files are skipped; after a -Recurse
    /// download, removes partial files under the downloaded folders that belong to no file of the run.
    /// </summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Downloads folders with everything in them, each as a folder of its name under the destination.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>
    /// The format files that cannot be downloaded as they are (Google Docs, Paper docs: IsDownloadable false) are exported in,
    /// e.g. pdf, docx, markdown: one of the file's ExportAs or ExportOptions. Without it such files are exported in their
    /// default format, with a warning. Files that can be downloaded are downloaded as they are.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ExportFormat { get; set; }

    /// <summary>Files downloaded at the same time.</summary>
    [Parameter]
    [ValidateRange(1, 128)]
    public int ThrottleLimit { get; set; } = TreeDownloader.DefaultThrottleLimit;

    /// <summary>
    /// Downloads each folder as one .zip file (Dropbox's files/download_zip) instead of file by file. Dropbox sends no content
    /// hash for a zip, so it is not verified end to end; a broken download starts over instead of resuming.
    /// </summary>
    [Parameter]
    public SwitchParameter AsZip { get; set; }

    /// <summary>Writes the Dropbox metadata of each downloaded file, with its LocalPath, to the pipeline as the file finishes.</summary>
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
        if (AsZip && Resume)
            ThrowTerminatingError(ErrorRecords.From(new ArgumentException("-AsZip cannot be used with -Resume: Dropbox sends a zip whole, so a zip download cannot be continued."), null));
        if (AsZip && Rev is not null)
            ThrowTerminatingError(ErrorRecords.From(new ArgumentException("-AsZip cannot be used with -Rev: revisions belong to files, and -AsZip downloads folders."), Rev));
        _destination = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Destination);
    }

    protected override void ProcessRecord()
    {
        var sources = InputObject is not null && Rev is null
            ? new List<DownloadSource> { DownloadSource.ForItem(InputObject) }
            : Remotes().SelectMany(Expand).ToList();
        if (AsZip)
        {
            foreach (var source in sources) RunForItem(source.Remote, (bridge, cancellationToken) => DownloadZipAsync(Client.Files, bridge, source.Remote, cancellationToken));
            return;
        }
        if (IsOneFilePath()) sources[0].ToDestinationPath = true;
        _pending.AddRange(sources);
        if (_pending.Count >= ThrottleLimit * SourcesPerSlot) DownloadPending();
    }

    protected override void EndProcessing()
    {
        if (_pending.Count > 0) DownloadPending();
    }

    private IEnumerable<string> Remotes()
    {
        var paths = InputObject is null ? Path : new[] { InputObject.PathLower ?? InputObject.Path ?? InputObject.Name };
        return Rev is null ? paths : paths.Select(_ => "rev:" + Rev);
    }

    /// <summary>A wildcard path's matches come with their metadata from the folder's listing: no lookup per match.</summary>
    private IEnumerable<DownloadSource> Expand(string path)
    {
        if (!RemoteWildcard.IsPattern(path)) return new[] { DownloadSource.ForPath(path) };
        var client = Client;
        var matches = new List<DownloadSource>();
        var crypt = CryptFolders;
        RunForItem(path, (bridge, cancellationToken) => RemoteWildcard.ExpandAsync(client.Files, crypt, path, includeDeleted: false, (item, _) =>
        {
            matches.Add(DownloadSource.ForItem(item));
            return Task.CompletedTask;
        }, null, bridge.WriteWarning, cancellationToken));
        return matches;
    }

    private void DownloadPending()
    {
        var sources = _pending.ToArray();
        _pending.Clear();
        var options = new DownloadOptions { ThrottleLimit = ThrottleLimit, Recurse = Recurse, Force = Force, SkipIdentical = SkipIdentical, Resume = Resume,
            ExportFormat = ExportFormat, Crypt = CryptFolders };
        var client = Client;
        Run(async (bridge, cancellationToken) =>
        {
            var reporter = new DownloadReporter(bridge, PassThru);
            try
            {
                await new TreeDownloader(client.Files, options, reporter).DownloadAsync(sources, _destination, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                reporter.Complete();
            }
        });
    }

    /// <summary>
    /// Into a folder as "&lt;folder name&gt;.zip", else to the destination path. A file is left to the server to refuse
    /// (path/not_folder), so the error is Dropbox's own.
    /// </summary>
    private async Task DownloadZipAsync(FilesClient files, PipelineBridge bridge, string remote, CancellationToken cancellationToken)
    {
        var item = await files.GetMetadataAsync(remote, false, cancellationToken).ConfigureAwait(false);
        if (item is DropboxFolder && DropboxPath.IsRoot(item.Path))
            throw new ArgumentException("The whole Dropbox cannot be downloaded as one zip: give a folder, or use -Recurse without -AsZip.");
        var destinationIsFolder = Directory.Exists(_destination) || EndsWithSeparator(Destination);
        var target = destinationIsFolder ? LocalNames.Under(_destination, new[] { item.Name + ".zip" }) : System.IO.Path.GetFullPath(_destination);
        if (File.Exists(target) && !Force) throw new LocalFileExistsException(target);
        if (Directory.Exists(target)) throw new IOException($"'{target}' is a folder; give a file path or a folder to download into.");
        if (!await bridge.ShouldProcessAsync(target, $"Download {item.Path} as a zip").ConfigureAwait(false)) return;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        var bar = new TransferProgressBar(bridge, 2, $"Downloading {item.Name}.zip", TransferProgressBar.UnknownTotal);
        await new ZipDownloader(files).DownloadAsync(remote, target, bar, cancellationToken).ConfigureAwait(false);
        bar.Complete();
        if (PassThru) await bridge.WriteObjectAsync(new FileInfo(target)).ConfigureAwait(false);
    }

    /// <summary>One source given with -Path (not piped, no wildcard) to a destination that is not a folder: "save this file as that name".</summary>
    private bool IsOneFilePath() => !MyInvocation.ExpectingInput && Path.Length == 1 && !RemoteWildcard.IsPattern(Path[0]) &&
                                    !Directory.Exists(_destination) && !EndsWithSeparator(Destination);

    private static bool EndsWithSeparator(string path) => path.EndsWith("/", StringComparison.Ordinal) || path.EndsWith("\\", StringComparison.Ordinal);
}
