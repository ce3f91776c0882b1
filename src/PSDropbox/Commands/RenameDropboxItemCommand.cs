using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Completion;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Renames a Dropbox file or folder in place, including a change of case only (Report.PDF → report.pdf).</para>
/// </summary>
[Cmdlet(VerbsCommon.Rename, "DropboxItem", SupportsShouldProcess = true)]
[OutputType(typeof(DropboxFile), typeof(DropboxFolder))]
public sealed class RenameDropboxItemCommand : RelocationCmdlet
{
    /// <summary>Remote path of the item to rename (/a/b or id:...).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote path of the item to rename: /folder/file or id:...")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string Path { get; set; } = "";

    /// <summary>The new name (not a path): the item stays in its folder.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true, HelpMessage = "The new name, without a folder")]
    [ValidateNotNullOrEmpty]
    public string NewName { get; set; } = "";

    protected override bool IsMove => true;

    protected override void ProcessRecord()
    {
        if (NewName.IndexOf('/') >= 0 || NewName.IndexOf('\\') >= 0)
        {
            WriteError(ErrorRecords.From(new ArgumentException($"The new name '{NewName}' contains a slash. Give a name only; use Move-DropboxItem to move the item."),
                NewName));
            return;
        }
        Enqueue(Path, NewName, $"Rename to {NewName}");
    }

    protected override Task<string> TargetAsync(DropboxClient client, PendingItem item, string sourcePath, int itemCount,
        CancellationToken cancellationToken) =>
        Task.FromResult(ParentOf(sourcePath) + "/" + item.Destination);
}
