using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

/// <summary>The files/* routes.</summary>
public sealed partial class FilesClient
{
    private readonly ApiCaller _api;

    internal FilesClient(ApiCaller api) => _api = api;

    /// <summary>The connection's retry policy, for the loops that retry what the transport cannot (a commit check, a broken body, a watcher).</summary>
    internal Transport.RetryPolicy RetryPolicy => _api.Transport.RetryPolicy;

    /// <summary>What every client of one connection shares (its transport): for rules Dropbox sets per connection's account.</summary>
    internal object Connection => _api.Transport;

    /// <summary>files/get_metadata. The root has no metadata in Dropbox, so "/" yields a synthetic root folder.</summary>
    public async Task<DropboxItem> GetMetadataAsync(string path, bool includeDeleted, CancellationToken cancellationToken)
    {
        var normalized = DropboxPath.Normalize(path);
        if (normalized.Length == 0) return DropboxFolder.Root();
        var arg = new GetMetadataArg { Path = normalized, IncludeDeleted = includeDeleted };
        return await _api.RpcAsync("files/get_metadata", arg, WireJson.Default.GetMetadataArg, WireJson.Default.DropboxItem, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>files/list_folder: the first page of a listing.</summary>
    public Task<ListFolderPage> ListFolderAsync(string path, bool recursive, bool includeDeleted, int? limit, CancellationToken cancellationToken)
    {
        var arg = new ListFolderArg { Path = DropboxPath.Normalize(path), Recursive = recursive, IncludeDeleted = includeDeleted, Limit = limit };
        return _api.RpcAsync("files/list_folder", arg, WireJson.Default.ListFolderArg, WireJson.Default.ListFolderPage, cancellationToken);
    }

    /// <summary>files/list_folder/continue: the next page, or the changes since the cursor.</summary>
    public Task<ListFolderPage> ListFolderContinueAsync(string cursor, CancellationToken cancellationToken) =>
        _api.RpcAsync("files/list_folder/continue", new CursorArg { Cursor = cursor }, WireJson.Default.CursorArg, WireJson.Default.ListFolderPage,
            cancellationToken);

    /// <summary>files/create_folder_v2.</summary>
    public async Task<DropboxFolder> CreateFolderAsync(string path, bool autorename, CancellationToken cancellationToken)
    {
        var arg = new CreateFolderArg { Path = DropboxPath.Normalize(path), Autorename = autorename };
        var result = await _api.RpcAsync("files/create_folder_v2", arg, WireJson.Default.CreateFolderArg, WireJson.Default.CreateFolderResult,
            cancellationToken).ConfigureAwait(false);
        return result.Metadata;
    }

    /// <summary>files/delete_v2: returns the item as it was before deletion.</summary>
    public async Task<DropboxItem> DeleteAsync(string path, string? parentRev, CancellationToken cancellationToken)
    {
        var arg = new DeleteArg { Path = DropboxPath.Normalize(path), ParentRev = parentRev };
        var result = await _api.RpcAsync("files/delete_v2", arg, WireJson.Default.DeleteArg, WireJson.Default.MetadataResult, cancellationToken)
            .ConfigureAwait(false);
        return result.Metadata ?? throw new DropboxServerException("files/delete_v2", System.Net.HttpStatusCode.OK, "no metadata in result", null);
    }
}
