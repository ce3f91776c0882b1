using System.Management.Automation;
using System.Security;
using PSDropbox.Transport;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Connects to Dropbox (or a Dropbox-compatible endpoint such as the PSDropbox emulator).</para>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Dropbox", DefaultParameterSetName = AccessTokenSet)]
[OutputType(typeof(DropboxConnection))]
public sealed class ConnectDropboxCommand : DropboxCmdlet
{
    private const string AccessTokenSet = "AccessToken";

    /// <summary>An access token from the Dropbox App Console or an OAuth flow. A plain string is accepted too.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = AccessTokenSet,
        HelpMessage = "A Dropbox access token (SecureString or string).")]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString AccessToken { get; set; } = null!;

    /// <summary>
    /// One base URL that replaces every Dropbox host (api, content, notify, oauth2), e.g. http://127.0.0.1:8080
    /// for the emulator. http is only accepted for loopback addresses.
    /// </summary>
    [Parameter(HelpMessage = "Base URL replacing every Dropbox host, e.g. the emulator's http://127.0.0.1:PORT.")]
    [ValidateNotNullOrEmpty]
    public Uri? ApiEndpoint { get; set; }

    /// <summary>Writes the connection object to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var endpoints = Endpoints();
        var tokens = new StaticTokenSource(SecureStringTransformationAttribute.Reveal(AccessToken));
        DropboxConnection? connection = null;
        Run(async (_, cancellationToken) =>
            connection = await DropboxConnection.OpenAsync(endpoints, tokens, "AccessToken", cancellationToken).ConfigureAwait(false),
            ApiEndpoint?.ToString() ?? "Dropbox");

        ConnectionRegistry.Replace(connection)?.Dispose();
        WriteVerbose($"Connected as {connection}.");
        if (PassThru) WriteObject(connection);
    }

    private DropboxEndpoints Endpoints()
    {
        if (ApiEndpoint is null) return DropboxEndpoints.Dropbox;
        try
        {
            return DropboxEndpoints.SingleBase(ApiEndpoint);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, ApiEndpoint));
            throw; // unreachable
        }
    }
}
