using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Provider;
using System.Text;
using PSDropbox.Client;
using PSDropbox.Client.Wire;
using PSDropbox.Commands;
using PSDropbox.Content;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Provider;

/// <summary>The dynamic parameters Set-Content and Add-Content get in a Dropbox drive.</summary>
public sealed class DropboxContentWriterParameters
{
    /// <summary>How strings are encoded (utf8 without a byte order mark by default).</summary>
    [Parameter]
    [EncodingArgument]
    [ArgumentCompleter(typeof(EncodingNameCompleter))]
    public Encoding Encoding { get; set; } = TextEncodings.Default;

    /// <summary>Writes the strings one after the other, with no line break after each.</summary>
    [Parameter]
    public SwitchParameter NoNewline { get; set; }

    /// <summary>Takes every value as bytes (a byte or a byte array).</summary>
    [Parameter]
    public SwitchParameter AsByteStream { get; set; }

    /// <summary>These parameters from what Set-/Add-Content bound (the file system's, read by name, when the path was piped).</summary>
    internal static DropboxContentWriterParameters From(object? bound) => bound switch
    {
        DropboxContentWriterParameters ours => ours,
        null => new DropboxContentWriterParameters(),
        _ => new DropboxContentWriterParameters
        {
            Encoding = BoundParameters.Value(bound, nameof(Encoding)) as Encoding ?? TextEncodings.Default,
            NoNewline = BoundParameters.Switch(bound, nameof(NoNewline)),
            AsByteStream = BoundParameters.Switch(bound, nameof(AsByteStream)),
        },
    };

    /// <summary>Whether Set-Content or Add-Content bound <paramref name="bound"/> (theirs have -NoNewline; Clear-Content's do not).</summary>
    internal static bool AreWriters(object? bound) => bound is DropboxContentWriterParameters || bound is not null && BoundParameters.Value(bound, nameof(NoNewline)) is not null;
}

/// <summary>
/// Set-Content's and Add-Content's writer of a Dropbox file: values go to a <see cref="ContentSpool"/> and are uploaded
/// once, when the command closes the writer. Add-Content seeks to the end first: the current content (and its
/// revision) is copied into the spool, and the upload may replace only that revision.
/// </summary>
internal sealed class DropboxContentWriter : IContentWriter
{
    private readonly DropboxProvider _provider;
    private readonly FilesClient _files;
    private readonly IReadOnlyList<CryptFolder> _crypt;
    private readonly string _path;
    private readonly DropboxContentWriterParameters _parameters;
    private readonly ContentSpool _spool;
    private WriteModeArg _mode = new() { Mode = DropboxWriteMode.Overwrite };
    private bool _closed;

    public DropboxContentWriter(DropboxProvider provider, FilesClient files, IReadOnlyList<CryptFolder> crypt, string path, DropboxContentWriterParameters parameters)
    {
        _provider = provider;
        _files = files;
        _crypt = crypt;
        _path = path;
        _parameters = parameters;
        _spool = new ContentSpool(parameters.Encoding);
    }

    public IList Write(IList content)
    {
        foreach (var value in content) ContentValues.Write(_spool, value, _parameters.NoNewline, _parameters.AsByteStream);
        return content;
    }

    /// <summary>Add-Content seeks to the end: the content so far comes first, and its revision guards the upload.</summary>
    public void Seek(long offset, SeekOrigin origin)
    {
        if (offset != 0 || origin != SeekOrigin.End) throw new NotSupportedException("A Dropbox file is written whole, or appended to.");
        _mode = _provider.WaitFor(AppendToCurrentAsync);
    }

    private async Task<WriteModeArg> AppendToCurrentAsync(CancellationToken cancellationToken)
    {
        RemoteFileStream current;
        try
        {
            current = await RemoteFileStream.OpenAsync(_files, await CryptPaths.ExistingAsync(_files, _crypt, _path, cancellationToken).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFound)
        {
            return new WriteModeArg { Mode = DropboxWriteMode.Add };
        }
        var rev = current.Metadata.Rev;
        using (var content = await CryptTransfers.OpenReadAsync(_crypt, _path, current, cancellationToken).ConfigureAwait(false))
        {
            await _spool.CopyFromAsync(content, cancellationToken).ConfigureAwait(false);
            return new WriteModeArg { Mode = DropboxWriteMode.Update, Rev = rev };
        }
    }

    /// <summary>Uploads what was written; a failure (a conflict with a change made meanwhile...) is reported as the command's error.</summary>
    public void Close()
    {
        if (_closed) return;
        _closed = true;
        try
        {
            var commit = new CommitInfo { Path = _path, Mode = _mode };
            _provider.WaitFor(ct => _spool.UploadAsync(_files, _crypt, commit, ct));
        }
        catch (Exception e)
        {
            _provider.Report(e, _path);
        }
        finally
        {
            _spool.Dispose();
        }
    }

    public void Dispose()
    {
        _closed = true;
        _spool.Dispose();
    }
}
