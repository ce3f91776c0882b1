using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Provider;
using System.Text;
using PSDropbox.Commands;
using PSDropbox.Content;

namespace PSDropbox.Provider;

/// <summary>The dynamic parameters Get-Content gets in a Dropbox drive.</summary>
public sealed class DropboxContentReaderParameters
{
    /// <summary>How the text is encoded (utf8 by default; a byte order mark in the file wins).</summary>
    [Parameter]
    [EncodingArgument]
    [ArgumentCompleter(typeof(EncodingNameCompleter))]
    public Encoding Encoding { get; set; } = TextEncodings.Default;

    /// <summary>The whole file as one string (or, with -AsByteStream, one byte array) instead of line by line.</summary>
    [Parameter]
    public SwitchParameter Raw { get; set; }

    /// <summary>Bytes instead of text.</summary>
    [Parameter]
    public SwitchParameter AsByteStream { get; set; }

    /// <summary>
    /// These parameters from what Get-Content bound. When the path comes down the pipeline, PowerShell binds the dynamic
    /// parameters of the current location's provider (the file system's, with the same names), so they are read by name.
    /// </summary>
    internal static DropboxContentReaderParameters From(object? bound) => bound switch
    {
        DropboxContentReaderParameters ours => ours,
        null => new DropboxContentReaderParameters(),
        _ => new DropboxContentReaderParameters
        {
            Encoding = BoundParameters.Value(bound, nameof(Encoding)) as Encoding ?? TextEncodings.Default,
            Raw = BoundParameters.Switch(bound, nameof(Raw)),
            AsByteStream = BoundParameters.Switch(bound, nameof(AsByteStream)),
        },
    };
}

/// <summary>Reads another provider's dynamic parameters by name.</summary>
internal static class BoundParameters
{
    public static object? Value(object bound, string name) => PSObject.AsPSObject(bound).Properties[name]?.Value;

    public static bool Switch(object bound, string name) => Value(bound, name) is SwitchParameter { IsPresent: true } or true;
}

/// <summary>
/// Get-Content's reader of a Dropbox file: lines (or bytes) read from the download as Get-Content asks for them, so
/// memory holds one block whatever the file's size, and Get-Content -TotalCount stops the download.
/// </summary>
internal sealed class DropboxContentReader : IContentReader
{
    private const int BufferSize = 64 * 1024;

    private readonly DropboxProvider _provider;
    private readonly string _path;
    private readonly Stream _stream;
    private readonly CancellationTokenSource _cancellation;
    private readonly DropboxContentReaderParameters _parameters;
    private readonly StreamReader? _text;
    private bool _done;
    private bool _disposed;

    public DropboxContentReader(DropboxProvider provider, string path, Stream stream, CancellationTokenSource cancellation,
        DropboxContentReaderParameters parameters)
    {
        _path = path;
        _provider = provider;
        _stream = stream;
        _cancellation = cancellation;
        _parameters = parameters;
        if (!parameters.AsByteStream) _text = new StreamReader(stream, parameters.Encoding, detectEncodingFromByteOrderMarks: true, BufferSize);
    }

    /// <summary>
    /// Up to <paramref name="readCount"/> lines or bytes (all that is left when it is 0 or less); empty at the end, and
    /// after a failure, which is reported as the command's error.
    /// </summary>
    public IList Read(long readCount)
    {
        var block = new List<object>();
        if (_done) return block;
        try
        {
            ReadInto(block, readCount <= 0 ? long.MaxValue : readCount);
        }
        catch (Exception e)
        {
            _done = true;
            _provider.Report(e, _path);
        }
        return block;
    }

    private void ReadInto(List<object> block, long limit)
    {
        if (_parameters.Raw)
        {
            _done = true;
            block.Add(_text is null ? Wait(ReadAllBytesAsync()) : Wait(_text.ReadToEndAsync()));
            return;
        }
        if (_text is not null)
        {
            while (block.Count < limit && Wait(_text.ReadLineAsync()) is { } line) block.Add(line);
        }
        else
        {
            var buffer = new byte[(int)Math.Min(BufferSize, limit)];
            while (block.Count < limit)
            {
                var n = Wait(_stream.ReadAsync(buffer, 0, (int)Math.Min(buffer.Length, limit - block.Count)));
                if (n == 0) break;
                for (var i = 0; i < n; i++) block.Add(buffer[i]);
            }
        }
        if (block.Count < limit) _done = true;
    }

    private async Task<object> ReadAllBytesAsync()
    {
        using var all = new MemoryStream();
        await _stream.CopyToAsync(all, BufferSize, _cancellation.Token).ConfigureAwait(false);
        return all.ToArray();
    }

    /// <summary>Most reads come from what is already buffered; only a read that waits for the network is waited on with Ctrl+C watched.</summary>
    private T Wait<T>(Task<T> read) => read.IsCompleted ? read.GetAwaiter().GetResult() : _provider.Wait(read, _cancellation);

    public void Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A Dropbox file is read from its start to its end.");

    public void Close() => Dispose();

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _text?.Dispose();
        _stream.Dispose();
        _cancellation.Dispose();
    }
}
