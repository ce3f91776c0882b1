using System.Management.Automation;
using System.Text;
using PSDropbox.Client;
using PSDropbox.Client.Wire;
using PSDropbox.Completion;
using PSDropbox.Content;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Writes strings or bytes from the pipeline (or -Value) to a Dropbox file, with the same -Mode and -Rev rules as Send-DropboxFile.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "DropboxContent", SupportsShouldProcess = true)]
[OutputType(typeof(DropboxFile))]
public sealed class SetDropboxContentCommand : DropboxCmdlet
{
    private ContentSpool? _spool;
    private bool _confirmed;

    /// <summary>The remote file to write: /folder/file.txt.</summary>
    [Parameter(Mandatory = true, Position = 0, HelpMessage = "Remote file to write: /folder/file.txt")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string Path { get; set; } = "";

    /// <summary>What to write: strings (one line each) or bytes; usually piped in.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyCollection]
    [AllowEmptyString]
    public object?[]? Value { get; set; }

    /// <summary>How strings are encoded (utf8 without a byte order mark by default).</summary>
    [Parameter]
    [EncodingArgument]
    [ArgumentCompleter(typeof(EncodingNameCompleter))]
    public Encoding Encoding { get; set; } = TextEncodings.Default;

    /// <summary>Writes the strings one after the other, with no line break after each.</summary>
    [Parameter]
    public SwitchParameter NoNewline { get; set; }

    /// <summary>Takes every value as bytes (a byte or a byte array); anything else is an error.</summary>
    [Parameter]
    public SwitchParameter AsByteStream { get; set; }

    /// <summary>Add (default: never replace different content), Overwrite, or Update (replace only the revision given by -Rev).</summary>
    [Parameter]
    public DropboxWriteMode Mode { get; set; } = DropboxWriteMode.Add;

    /// <summary>With -Mode Update (implied when -Rev is given alone): the revision the new content may replace.</summary>
    [Parameter]
    [ValidatePattern("^[0-9a-f]{9,}$")]
    public string? Rev { get; set; }

    /// <summary>On a conflict, writes under a free name such as "notes (1).txt" instead of failing.</summary>
    [Parameter]
    public SwitchParameter Autorename { get; set; }

    /// <summary>Writes the metadata of the file written to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            Mode = WriteModeRule.Resolve(Mode, MyInvocation.BoundParameters.ContainsKey(nameof(Mode)), Rev);
            DropboxPath.Normalize(Path);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(ErrorRecords.From(e, e is MalformedPathException ? Path : null));
        }
        _confirmed = ShouldProcess(Path, "Write content to Dropbox file");
    }

    protected override void ProcessRecord()
    {
        if (!_confirmed || Value is null) return;
        _spool ??= new ContentSpool(Encoding);
        foreach (var item in Value)
        {
            try
            {
                ContentValues.Write(_spool, item, NoNewline, AsByteStream);
            }
            catch (ArgumentException e)
            {
                WriteError(ErrorRecords.From(e, item));
            }
        }
    }

    protected override void EndProcessing()
    {
        if (!_confirmed) return;
        var client = Client;
        var spool = _spool ??= new ContentSpool(Encoding);
        var commit = new CommitInfo { Path = Path, Mode = new WriteModeArg { Mode = Mode, Rev = Rev }, Autorename = Autorename };
        Run(async (bridge, cancellationToken) =>
        {
            var file = await spool.UploadAsync(client.Files, CryptFolders, commit, cancellationToken).ConfigureAwait(false);
            if (PassThru) await bridge.WriteObjectAsync(file).ConfigureAwait(false);
        }, Path);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _spool?.Dispose();
        base.Dispose(disposing);
    }
}
