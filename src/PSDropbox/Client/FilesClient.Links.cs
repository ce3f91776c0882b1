using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

public sealed partial class FilesClient
{
    /// <summary>How long Dropbox keeps a temporary link working.</summary>
    public static readonly TimeSpan TemporaryLinkLifetime = TimeSpan.FromHours(4);

    /// <summary>files/get_temporary_link.</summary>
    public async Task<DropboxTemporaryLink> GetTemporaryLinkAsync(string path, CancellationToken cancellationToken)
    {
        var madeAt = DateTime.Now;
        var result = await _api.RpcAsync("files/get_temporary_link", new PathArg { Path = DropboxPath.Normalize(path) }, WireJson.Default.PathArg,
            WireJson.Default.TemporaryLinkResult, cancellationToken).ConfigureAwait(false);
        return new DropboxTemporaryLink
        {
            Url = result.Link,
            Name = result.Metadata.Name,
            Path = result.Metadata.Path,
            Expires = madeAt + TemporaryLinkLifetime,
            File = result.Metadata,
        };
    }

    /// <summary>files/copy_reference/get.</summary>
    public async Task<DropboxCopyReference> GetCopyReferenceAsync(string path, CancellationToken cancellationToken)
    {
        var result = await _api.RpcAsync("files/copy_reference/get", new PathArg { Path = DropboxPath.Normalize(path) }, WireJson.Default.PathArg,
            WireJson.Default.CopyReferenceResult, cancellationToken).ConfigureAwait(false);
        return new DropboxCopyReference
        {
            CopyReference = result.CopyReference,
            Expires = DateTime.SpecifyKind(result.Expires, DateTimeKind.Utc).ToLocalTime(),
            Item = result.Metadata ?? throw new DropboxServerException("files/copy_reference/get", System.Net.HttpStatusCode.OK, "no metadata in result", null),
        };
    }

    /// <summary>files/copy_reference/save: saves the referenced item at <paramref name="path"/> (the full new path).</summary>
    public async Task<DropboxItem> SaveCopyReferenceAsync(string copyReference, string path, CancellationToken cancellationToken)
    {
        var arg = new SaveCopyReferenceArg { CopyReference = copyReference, Path = DropboxPath.Normalize(path) };
        var result = await _api.RpcAsync("files/copy_reference/save", arg, WireJson.Default.SaveCopyReferenceArg, WireJson.Default.MetadataResult,
            cancellationToken).ConfigureAwait(false);
        return result.Metadata ?? throw new DropboxServerException("files/copy_reference/save", System.Net.HttpStatusCode.OK, "no metadata in result", null);
    }
}
