using System.Management.Automation;
using System.Text;
using PSDropbox.Completion;
using PSDropbox.Content;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Reads a Dropbox file into the pipeline: text line by line (or whole with -Raw), or bytes with -AsByteStream, streamed from Dropbox.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxContent")]
[OutputType(typeof(string), typeof(byte), typeof(byte[]))]
public sealed class GetDropboxContentCommand : DropboxCmdlet
{
    // Lines are handed to the pipeline in small batches: fewer thread hops, still streamed.
    private const int LinesPerBatch = 256;
    private const int BufferSize = 64 * 1024;

    /// <summary>Remote files: /path, id:... or rev:...; binds the Path of Get-DropboxChildItem / Get-DropboxItem output.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote file(s) to read: /folder/file, id:... or rev:...")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>Reads this older revision of the file instead of the current one.</summary>
    [Parameter]
    [ValidatePattern("^[0-9a-f]{9,}$")]
    public string? Rev { get; set; }

    /// <summary>Returns the whole file as one string (or, with -AsByteStream, one byte array) instead of line by line.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <summary>How the text is encoded (utf8 by default; a byte order mark in the file wins).</summary>
    [Parameter]
    [EncodingArgument]
    [ArgumentCompleter(typeof(EncodingNameCompleter))]
    public Encoding Encoding { get; set; } = TextEncodings.Default;

    /// <summary>Returns bytes instead of text: each byte, or one byte array with -Raw.</summary>
    [Parameter]
    public SwitchParameter AsByteStream { get; set; }

    /// <summary>Stops after this many lines (or bytes with -AsByteStream); the rest of the file is not downloaded.</summary>
    [Parameter]
    [Alias("First", "Head")]
    [ValidateRange(0, long.MaxValue)]
    public long TotalCount { get; set; } = -1;

    protected override void ProcessRecord()
    {
        var client = Client;
        var crypt = CryptFolders;
        foreach (var path in Path)
        {
            RunForItem(path, async (bridge, cancellationToken) =>
            {
                if (TotalCount == 0) return;
                var stored = await CryptPaths.ExistingAsync(client.Files, crypt, path, cancellationToken).ConfigureAwait(false);
                var remote = await RemoteFileStream.OpenAsync(client.Files, Rev is null ? stored : "rev:" + Rev, cancellationToken).ConfigureAwait(false);
                using var stream = await CryptTransfers.OpenReadAsync(crypt, path, remote, cancellationToken).ConfigureAwait(false);
                if (AsByteStream) await WriteBytesAsync(bridge, stream, cancellationToken).ConfigureAwait(false);
                else await WriteTextAsync(bridge, stream).ConfigureAwait(false);
            });
        }
    }

    private async Task WriteTextAsync(PipelineBridge bridge, Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding, detectEncodingFromByteOrderMarks: true, BufferSize);
        if (Raw)
        {
            await bridge.WriteObjectAsync(await reader.ReadToEndAsync().ConfigureAwait(false)).ConfigureAwait(false);
            return;
        }
        var left = TotalCount < 0 ? long.MaxValue : TotalCount;
        var batch = new List<object?>(LinesPerBatch);
        while (left > 0 && await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            batch.Add(line);
            left--;
            if (batch.Count < LinesPerBatch) continue;
            await bridge.WriteObjectsAsync(batch).ConfigureAwait(false);
            batch = new List<object?>(LinesPerBatch);
        }
        await bridge.WriteObjectsAsync(batch).ConfigureAwait(false);
    }

    private async Task WriteBytesAsync(PipelineBridge bridge, Stream stream, CancellationToken cancellationToken)
    {
        var left = TotalCount < 0 ? long.MaxValue : TotalCount;
        var buffer = new byte[BufferSize];
        using var whole = Raw ? new MemoryStream() : null;
        int n;
        while (left > 0 && (n = await stream.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, left), cancellationToken).ConfigureAwait(false)) > 0)
        {
            left -= n;
            if (whole is not null) whole.Write(buffer, 0, n);
            else await bridge.WriteObjectsAsync(buffer.Take(n).Select(b => (object?)b).ToList()).ConfigureAwait(false);
        }
        if (whole is not null) await bridge.WriteObjectAsync(whole.ToArray()).ConfigureAwait(false);
    }
}
