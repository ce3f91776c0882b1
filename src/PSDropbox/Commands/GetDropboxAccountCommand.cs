using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Gets the connected Dropbox account and its space usage.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxAccount")]
[OutputType(typeof(DropboxAccount))]
public sealed class GetDropboxAccountCommand : DropboxCmdlet
{
    protected override void EndProcessing()
    {
        var client = Client;
        Run(async (bridge, cancellationToken) =>
            await bridge.WriteObjectAsync(await client.Users.GetAccountAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false));
    }
}
