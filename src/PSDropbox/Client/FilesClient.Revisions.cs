using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

/// <summary>files/list_revisions and files/restore.</summary>
public sealed partial class FilesClient
{
    /// <summary>Dropbox returns at most this many revisions per list_revisions call.</summary>
    public const int MaxRevisionsPerPage = 100;

    /// <summary>
    /// files/list_revisions, newest first. <paramref name="byId"/> follows the file across moves (no paging);
    /// path mode pages with <paramref name="beforeRev"/> (the last rev of the previous page).
    /// </summary>
    public async Task<RevisionPage> ListRevisionsAsync(string path, bool byId, int limit, string? beforeRev, CancellationToken cancellationToken)
    {
        var arg = new ListRevisionsArg { Path = DropboxPath.Normalize(path), Mode = byId ? "id" : "path", Limit = limit, BeforeRev = beforeRev };
        var result = await _api.RpcAsync("files/list_revisions", arg, WireJson.Default.ListRevisionsArg, WireJson.Default.ListRevisionsResult,
            cancellationToken).ConfigureAwait(false);
        return new RevisionPage(result.Entries.Select(f => new DropboxRevision(f, result.IsDeleted)).ToList(), result.HasMore, result.IsDeleted,
            result.ServerDeleted);
    }

    /// <summary>files/restore: makes the content of <paramref name="rev"/> the newest version at <paramref name="path"/>.</summary>
    public Task<DropboxFile> RestoreAsync(string path, string rev, CancellationToken cancellationToken)
    {
        var arg = new RestoreArg { Path = DropboxPath.Normalize(path), Rev = rev };
        return _api.RpcAsync("files/restore", arg, WireJson.Default.RestoreArg, WireJson.Default.DropboxFile, cancellationToken);
    }
}

/// <summary>One page of list_revisions.</summary>
public sealed class RevisionPage
{
    internal RevisionPage(IReadOnlyList<DropboxRevision> revisions, bool hasMore, bool fileIsDeleted, DateTime? serverDeleted)
    {
        Revisions = revisions;
        HasMore = hasMore;
        FileIsDeleted = fileIsDeleted;
        ServerDeleted = serverDeleted;
    }

    public IReadOnlyList<DropboxRevision> Revisions { get; }
    public bool HasMore { get; }
    public bool FileIsDeleted { get; }
    public DateTime? ServerDeleted { get; }
}
