using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Copies Dropbox files and folders (with their contents); many items go in one batch call.</para>
/// </summary>
[Cmdlet(VerbsCommon.Copy, "DropboxItem", SupportsShouldProcess = true)]
[OutputType(typeof(DropboxFile), typeof(DropboxFolder))]
public sealed class CopyDropboxItemCommand : DestinationCmdlet
{
    protected override bool IsMove => false;
    protected override string ActionVerb => "Copy";
}
