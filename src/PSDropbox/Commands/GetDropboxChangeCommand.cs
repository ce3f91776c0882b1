using System.Management.Automation;
using PSDropbox.Client.Changes;
using PSDropbox.Completion;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Gets what changed under a Dropbox folder since a cursor, or its current state as a baseline.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxChange", DefaultParameterSetName = BaselineSet)]
[OutputType(typeof(DropboxChange))]
[OutputType(typeof(string), ParameterSetName = new[] { LatestSet })]
public sealed class GetDropboxChangeCommand : DropboxCmdlet
{
    private const string BaselineSet = "Baseline";
    private const string CursorSet = "Cursor";
    private const string LatestSet = "Latest";
    private const string StateFileSet = "StateFile";

    /// <summary>The folder to follow; "/" (the default) is the whole Dropbox.</summary>
    [Parameter(Position = 0, HelpMessage = "Remote folder: /, /folder or id:...")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string Path { get; set; } = "/";

    /// <summary>Follows everything below the folder, not only its direct children.</summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>Includes deleted entries in the baseline listing (changes always report deletions).</summary>
    [Parameter]
    public SwitchParameter IncludeDeleted { get; set; }

    /// <summary>Returns the changes made since this cursor (from a change's Cursor property, or from -Latest).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CursorSet)]
    [ValidateNotNullOrEmpty]
    public string? Cursor { get; set; }

    /// <summary>
    /// Returns a cursor for "now" instead of changes. With -StateFile: on the first run, start the state file at now
    /// instead of emitting the folder's current state.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = LatestSet)]
    [Parameter(ParameterSetName = StateFileSet)]
    public SwitchParameter Latest { get; set; }

    /// <summary>
    /// A file that keeps the cursor between runs: the first run emits the baseline (or nothing, with -Latest), every
    /// later run emits exactly the changes since the previous one. Updated after each change.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = StateFileSet)]
    [ValidateNotNullOrEmpty]
    public string? StateFile { get; set; }

    /// <summary>When Dropbox resets the cursor, stop with an error instead of warning and emitting the folder's state again.</summary>
    [Parameter(ParameterSetName = BaselineSet)]
    [Parameter(ParameterSetName = CursorSet)]
    [Parameter(ParameterSetName = StateFileSet)]
    public SwitchParameter StopOnReset { get; set; }

    protected override void ProcessRecord()
    {
        var client = Client;
        var stateFile = StateFile is null ? null : GetUnresolvedProviderPathFromPSPath(StateFile);
        // A bare cursor does not say which folder to list again after a reset; -Path does.
        bool canRebaseline = ParameterSetName != CursorSet || MyInvocation.BoundParameters.ContainsKey(nameof(Path));
        Run(async (bridge, cancellationToken) =>
        {
            using var state = stateFile is null ? null : ChangeStateFile.Open(stateFile, Path, Recurse, IncludeDeleted);
            var feed = new ChangeFeed(client.Files, Path, Recurse, IncludeDeleted, state, bridge.WriteObjectAsync,
                bridge.WriteWarning, bridge.WriteVerbose) { StopOnReset = StopOnReset || !canRebaseline };
            if (Latest && state is not { Existed: true })
            {
                var cursor = await feed.StartAtLatestAsync(cancellationToken).ConfigureAwait(false);
                if (state is null) await bridge.WriteObjectAsync(cursor).ConfigureAwait(false);
                return;
            }
            await feed.ReadAsync(ParameterSetName == CursorSet ? Cursor : state?.Cursor, cancellationToken).ConfigureAwait(false);
        }, Path);
    }
}
