using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Moves Dropbox files and folders (ids stay the same); many items go in one batch call.</para>
/// </summary>
[Cmdlet(VerbsCommon.Move, "DropboxItem", SupportsShouldProcess = true)]
[OutputType(typeof(DropboxFile), typeof(DropboxFolder))]
public sealed class MoveDropboxItemCommand : DestinationCmdlet
{
    protected override bool IsMove => true;
    protected override string ActionVerb => "Move";
}
