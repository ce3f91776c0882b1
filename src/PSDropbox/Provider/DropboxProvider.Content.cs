using System.Management.Automation;
using System.Management.Automation.Provider;
using PSDropbox.Client;
using PSDropbox.Client.Wire;
using PSDropbox.Commands;
using PSDropbox.Content;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Provider;

public sealed partial class DropboxProvider
{
    public object GetContentReaderDynamicParameters(string path) => new DropboxContentReaderParameters();

    public object GetContentWriterDynamicParameters(string path) => new DropboxContentWriterParameters();

    public object? ClearContentDynamicParameters(string path) => null;

    /// <summary>Get-Content: the file streamed from Dropbox; what is not read (-TotalCount) is not downloaded.</summary>
    public IContentReader? GetContentReader(string path)
    {
        IContentReader? reader = null;
        ForItem(path, () =>
        {
            var file = ProviderPaths.ToDropbox(path);
            var parameters = DropboxContentReaderParameters.From(DynamicParameters);
            var client = Client;
            var crypt = Crypt;
            var stored = Stored(file);
            var cancellation = new CancellationTokenSource();
            try
            {
                var stream = Wait(OpenReadAsync(client.Files, crypt, file, stored, cancellation.Token), cancellation);
                reader = new DropboxContentReader(this, file, stream, cancellation, parameters);
            }
            catch
            {
                cancellation.Dispose();
                throw;
            }
        });
        return reader;
    }

    /// <summary>The content of the file stored at <paramref name="stored"/>: decrypted when <paramref name="file"/> is in an encrypted folder.</summary>
    internal static async Task<Stream> OpenReadAsync(FilesClient files, IReadOnlyList<CryptFolder> crypt, string file, string stored,
        CancellationToken cancellationToken) =>
        await CryptTransfers.OpenReadAsync(crypt, file, await RemoteFileStream.OpenAsync(files, stored, cancellationToken).ConfigureAwait(false), cancellationToken)
            .ConfigureAwait(false);

    /// <summary>
    /// Set-Content and Add-Content: what is written is collected (in a temporary file) and uploaded when the command
    /// closes the writer. Add-Content appends to the content read at its revision, and the upload replaces only that
    /// revision: a file changed in between is a conflict, not a lost update.
    /// </summary>
    public IContentWriter? GetContentWriter(string path)
    {
        IContentWriter? writer = null;
        ForItem(path, () =>
        {
            var file = ProviderPaths.ToDropbox(path);
            if (file.Length == 0) throw new ArgumentException("The root folder has no content.");
            var parameters = DropboxContentWriterParameters.From(DynamicParameters);
            writer = new DropboxContentWriter(this, Client.Files, Crypt, file, parameters);
        });
        return writer;
    }

    /// <summary>
    /// Clear-Content: the file becomes empty (a new revision). Set-Content clears before it writes; its writer replaces the
    /// file in one upload, so that clear is skipped rather than making an empty revision first.
    /// </summary>
    public void ClearContent(string path)
    {
        if (DropboxContentWriterParameters.AreWriters(DynamicParameters)) return;
        ForItem(path, () =>
        {
            var file = ProviderPaths.ToDropbox(path);
            if (Lookup(file) is not DropboxFile) throw new ArgumentException($"'{ProviderPaths.Display(file)}' is a folder; only a file's content can be cleared.");
            if (!ShouldProcess(file, "Clear content")) return;
            var client = Client;
            using var spool = new ContentSpool(TextEncodings.Default);
            var commit = new CommitInfo { Path = file, Mode = new WriteModeArg { Mode = DropboxWriteMode.Overwrite } };
            var crypt = Crypt;
            Wait(ct => spool.UploadAsync(client.Files, crypt, commit, ct));
        });
    }

    /// <summary>Runs a content reader's or writer's Dropbox call the way the provider's own calls run.</summary>
    internal T WaitFor<T>(Func<CancellationToken, Task<T>> work) => Wait(work);

    /// <summary>
    /// Reports a failure of a content reader or writer as an error of the command, with the cmdlets' error ids.
    /// PowerShell drops what a writer's Close throws when Set-Content ends, so a failed upload must be reported here;
    /// Get-Content would report a failed read under an id of its own.
    /// </summary>
    internal void Report(Exception e, string dropboxPath)
    {
        if (e is PipelineStoppedException || e is OperationCanceledException && Stopping) return;
        WriteError(ErrorRecords.From(e, ProviderPaths.Display(dropboxPath)));
    }
}
