using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Client.Changes;
using PSDropbox.Completion;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Emits changes under a Dropbox folder as they happen (longpoll), until Ctrl+C or -Timeout.</para>
/// </summary>
[Cmdlet(VerbsCommon.Watch, "DropboxChange", DefaultParameterSetName = NowSet)]
[OutputType(typeof(DropboxChange))]
public sealed class WatchDropboxChangeCommand : DropboxCmdlet
{
    private const string NowSet = "Now";
    private const string CursorSet = "Cursor";
    private const string StateFileSet = "StateFile";

    /// <summary>The folder to watch; "/" (the default) is the whole Dropbox.</summary>
    [Parameter(Position = 0, HelpMessage = "Remote folder: /, /folder or id:...")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string Path { get; set; } = "/";

    /// <summary>Watches everything below the folder, not only its direct children.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Includes deleted entries when the folder has to be listed again after a cursor reset.</summary>
    [Parameter]
    public SwitchParameter IncludeDeleted { get; set; }

    /// <summary>Starts from this cursor (changes made since it are emitted first) instead of from now.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CursorSet)]
    [ValidateNotNullOrEmpty]
    public string? Cursor { get; set; }

    /// <summary>
    /// Keeps the cursor in this file, updated after every change: a restarted watcher neither misses nor repeats a change.
    /// The first run starts from now.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = StateFileSet)]
    [ValidateNotNullOrEmpty]
    public string? StateFile { get; set; }

    /// <summary>Stops watching after this many seconds (without an error). By default it watches until Ctrl+C.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Timeout { get; set; }

    /// <summary>How long each longpoll request waits for a change, 30-480 seconds (Dropbox adds up to 90).</summary>
    [Parameter]
    [ValidateRange(FilesClient.MinLongpollTimeout, FilesClient.MaxLongpollTimeout)]
    public int PollTimeout { get; set; } = FilesClient.MinLongpollTimeout;

    /// <summary>When Dropbox resets the cursor, stop with an error instead of warning and emitting the folder's state again.</summary>
    [Parameter]
    public SwitchParameter StopOnReset { get; set; }

    protected override void ProcessRecord()
    {
        var client = Client;
        var stateFile = StateFile is null ? null : GetUnresolvedProviderPathFromPSPath(StateFile);
        bool canRebaseline = ParameterSetName != CursorSet || MyInvocation.BoundParameters.ContainsKey(nameof(Path));
        Run(async (bridge, cancellationToken) =>
        {
            using var state = stateFile is null ? null : ChangeStateFile.Open(stateFile, Path, Recurse, IncludeDeleted);
            var feed = new ChangeFeed(client.Files, Path, Recurse, IncludeDeleted, state, bridge.WriteObjectAsync,
                bridge.WriteWarning, bridge.WriteVerbose) { StopOnReset = StopOnReset || !canRebaseline };
            using var watch = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (Timeout > 0) watch.CancelAfter(TimeSpan.FromSeconds(Timeout));
            try
            {
                await feed.WatchAsync(Cursor, PollTimeout, watch.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (watch.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                bridge.WriteVerbose($"Stopped watching '{Path}' after {Timeout} s.");
            }
        }, Path);
    }
}
