using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

public sealed partial class FilesClient
{
    /// <summary>files/search_v2: the first page of matches.</summary>
    public async Task<SearchPage> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        if (request is null) throw new ArgumentNullException(nameof(request));
        var scope = request.Path is null ? null : DropboxPath.Normalize(request.Path);
        var arg = new SearchV2Arg
        {
            Query = request.Query,
            Options = new SearchOptionsArg
            {
                Path = string.IsNullOrEmpty(scope) ? null : scope,
                MaxResults = request.PageSize,
                OrderBy = request.OrderByLastModified ? "last_modified_time" : "relevance",
                FileStatus = request.Deleted ? "deleted" : "active",
                FilenameOnly = request.FilenameOnly,
                FileExtensions = request.Extensions is { Count: > 0 } e ? e.ToList() : null,
                FileCategories = request.Categories is { Count: > 0 } c ? c.ToList() : null,
            },
        };
        var result = await _api.RpcAsync("files/search_v2", arg, WireJson.Default.SearchV2Arg, WireJson.Default.SearchV2Result, cancellationToken)
            .ConfigureAwait(false);
        return ToPage(result);
    }

    /// <summary>files/search/continue_v2: the next page of matches.</summary>
    public async Task<SearchPage> SearchContinueAsync(string cursor, CancellationToken cancellationToken)
    {
        var result = await _api.RpcAsync("files/search/continue_v2", new CursorArg { Cursor = cursor }, WireJson.Default.CursorArg,
            WireJson.Default.SearchV2Result, cancellationToken).ConfigureAwait(false);
        return ToPage(result);
    }

    private static SearchPage ToPage(SearchV2Result result)
    {
        var hits = result.Matches
            .Where(m => m.Metadata.Metadata is not null)
            .Select(m => new SearchHit(m.Metadata.Metadata!, m.MatchType?.Tag))
            .ToList();
        return new SearchPage(hits, result.HasMore && result.Cursor is not null, result.Cursor);
    }
}
