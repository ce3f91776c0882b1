using System.Collections;
using System.Management.Automation;
using System.Text.Json;
using PSDropbox.Client;
using PSDropbox.Transport;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Calls any Dropbox API route through a connection: RPC, upload (-InFile) or download (-OutFile), with extra headers if needed.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "DropboxApi", SupportsShouldProcess = true, DefaultParameterSetName = RpcSet)]
[OutputType(typeof(PSObject))]
public sealed class InvokeDropboxApiCommand : DropboxCmdlet
{
    private const string RpcSet = "Rpc";
    private const string UploadSet = "Upload";
    private const string DownloadSet = "Download";

    /// <summary>The route, e.g. files/get_metadata, users/get_current_account, files/upload (a leading /2/ is accepted).</summary>
    [Parameter(Mandatory = true, Position = 0, HelpMessage = "Route name, e.g. files/get_metadata")]
    [ValidateNotNullOrEmpty]
    public string Route { get; set; } = "";

    /// <summary>The route's argument: a hashtable, a PSCustomObject, or JSON text. Omit it for routes without an argument.</summary>
    [Parameter(Position = 1, ValueFromPipeline = true)]
    [AllowNull]
    public object? Argument { get; set; }

    /// <summary>Upload-style routes: the local file sent as the request body.</summary>
    [Parameter(Mandatory = true, ParameterSetName = UploadSet)]
    [ValidateNotNullOrEmpty]
    public string InFile { get; set; } = "";

    /// <summary>Download-style routes: the local file the response body is written to (replaced only once complete).</summary>
    [Parameter(Mandatory = true, ParameterSetName = DownloadSet)]
    [ValidateNotNullOrEmpty]
    public string OutFile { get; set; } = "";

    /// <summary>
    /// Extra request headers, e.g. @{ 'Dropbox-API-Select-User' = 'dbmid:...' }. A value that is not a string (a
    /// hashtable, an object) is sent as JSON: @{ 'Dropbox-API-Path-Root' = @{ '.tag' = 'root'; root = '123' } }.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? Header { get; set; }

    private RequestHeaders? _headers;

    protected override void BeginProcessing()
    {
        if (Header is null) return;
        var headers = new RequestHeaders();
        foreach (DictionaryEntry entry in Header)
        {
            var name = entry.Key?.ToString() ?? "";
            try
            {
                headers.Add(name, HeaderValue(name, entry.Value));
            }
            catch (Exception e) when (e is ArgumentException || e is JsonException)
            {
                ThrowTerminatingError(ErrorRecords.From(e is JsonException ? new ArgumentException($"The value of the {name} header is not valid JSON: {e.Message}", e) : e, name));
            }
        }
        _headers = headers;
    }

    /// <summary>A string is sent as it is; anything else as JSON, escaped like Dropbox-API-Arg.</summary>
    private static string HeaderValue(string name, object? value)
    {
        if (value is PSObject wrapped) value = wrapped.BaseObject;
        return value switch
        {
            null => throw new ArgumentException($"The {name} header has no value."),
            string text => text,
            _ => ApiArgEncoder.EscapeForHeader(PSJson.ToJson(value)),
        };
    }

    protected override void ProcessRecord()
    {
        string json, route;
        try
        {
            route = RawClient.NormalizeRoute(Route);
            json = Argument is null ? "null" : PSJson.ToJson(Argument);
        }
        catch (Exception e) when (e is ArgumentException || e is JsonException)
        {
            WriteError(ErrorRecords.From(e is JsonException ? new ArgumentException($"-Argument is not valid JSON: {e.Message}", e) : e, Route));
            return;
        }
        if (ParameterSetName == RpcSet && RawClient.IsDownloadRoute(route))
        {
            WriteError(ErrorRecords.OutFileRequired(route));
            return;
        }
        if (!ShouldProcess(route, "Call Dropbox API route")) return;
        // team/* routes and a whole team's connection go out as the token itself; others act as the connection's account.
        var client = route.StartsWith("team", StringComparison.Ordinal) || ActiveConnection.Client is null ? ActiveConnection.TokenClient : Client;
        var inFile = ParameterSetName == UploadSet ? GetUnresolvedProviderPathFromPSPath(InFile) : null;
        var outFile = ParameterSetName == DownloadSet ? GetUnresolvedProviderPathFromPSPath(OutFile) : null;
        RunForItem(route, async (bridge, cancellationToken) =>
        {
            string result;
            try
            {
                result = await CallAsync(client, route, json, inFile, outFile, cancellationToken).ConfigureAwait(false);
            }
            catch (DropboxApiException e)
            {
                bridge.WriteError(ErrorRecords.From(e, ErrorRecords.RawCallTarget(e, route, json)));
                return;
            }
            using var document = JsonDocument.Parse(result);
            var value = PSJson.ToPSValue(document.RootElement);
            if (value is not null) await bridge.WriteObjectAsync(value).ConfigureAwait(false);
        });
    }

    private async Task<string> CallAsync(DropboxClient client, string route, string json, string? inFile, string? outFile, CancellationToken cancellationToken)
    {
        if (inFile is not null)
        {
            using var content = new FileStream(inFile, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            return await client.Raw.UploadAsync(route, json, content, cancellationToken, _headers).ConfigureAwait(false);
        }
        if (outFile is not null) return await DownloadAsync(client, route, json, outFile, _headers, cancellationToken).ConfigureAwait(false);
        return await client.Raw.RpcAsync(route, Argument is null ? null : json, cancellationToken, _headers).ConfigureAwait(false);
    }

    /// <summary>Writes to a temporary file beside the target and moves it into place only after the whole body arrived.</summary>
    private static async Task<string> DownloadAsync(DropboxClient client, string route, string json, string outFile, RequestHeaders? headers,
        CancellationToken cancellationToken)
    {
        var partial = outFile + ".psdropbox-partial";
        try
        {
            string result;
            using (var destination = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                result = await client.Raw.DownloadAsync(route, json, destination, cancellationToken, headers).ConfigureAwait(false);
            }
            if (File.Exists(outFile)) File.Delete(outFile);
            File.Move(partial, outFile);
            return result;
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }
}
