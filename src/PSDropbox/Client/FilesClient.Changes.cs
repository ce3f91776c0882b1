using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

/// <summary>The change-feed routes: get_latest_cursor and longpoll.</summary>
public sealed partial class FilesClient
{
    public const int MinLongpollTimeout = 30;
    public const int MaxLongpollTimeout = 480;

    /// <summary>files/list_folder/get_latest_cursor: a cursor at "now", for the changes made from here on.</summary>
    public async Task<string> GetLatestCursorAsync(string path, bool recursive, bool includeDeleted, int? limit, CancellationToken cancellationToken)
    {
        var arg = new ListFolderArg { Path = DropboxPath.Normalize(path), Recursive = recursive, IncludeDeleted = includeDeleted, Limit = limit };
        var result = await _api.RpcAsync("files/list_folder/get_latest_cursor", arg, WireJson.Default.ListFolderArg, WireJson.Default.LatestCursorResult,
            cancellationToken).ConfigureAwait(false);
        return result.Cursor;
    }

    /// <summary>
    /// files/list_folder/longpoll (notify host, no Authorization header): waits up to <paramref name="timeoutSeconds"/>
    /// (30–480; Dropbox adds up to 90 s) for a change under the cursor. Cancel the token to abandon the wait at once.
    /// </summary>
    public Task<LongpollResult> LongpollAsync(string cursor, int timeoutSeconds, CancellationToken cancellationToken)
    {
        var timeout = Math.Max(MinLongpollTimeout, Math.Min(MaxLongpollTimeout, timeoutSeconds));
        // Dropbox adds up to 90 s to the timeout; a further 30 s allow for a slow network.
        return _api.NotifyAsync("files/list_folder/longpoll", new LongpollArg { Cursor = cursor, Timeout = timeout }, WireJson.Default.LongpollArg,
            WireJson.Default.LongpollResult, TimeSpan.FromSeconds(timeout + 90 + 30), cancellationToken);
    }
}
