namespace PSDropbox.Client;

/// <summary>One page of search_v2 or search/continue_v2.</summary>
public sealed class SearchPage
{
    internal SearchPage(IReadOnlyList<SearchHit> hits, bool hasMore, string? cursor)
    {
        Hits = hits;
        HasMore = hasMore;
        Cursor = cursor;
    }

    public IReadOnlyList<SearchHit> Hits { get; }
    public bool HasMore { get; }
    /// <summary>Present when <see cref="HasMore"/>; pass it to search/continue_v2.</summary>
    public string? Cursor { get; }
}

/// <summary>An item that matched, and how: filename, content, or filename_and_content.</summary>
public sealed class SearchHit
{
    internal SearchHit(DropboxItem item, string? matchType)
    {
        Item = item;
        MatchType = matchType;
    }

    public DropboxItem Item { get; }
    public string? MatchType { get; }
}

/// <summary>What to search for (search_v2 options).</summary>
public sealed class SearchRequest
{
    public string Query { get; set; } = "";
    /// <summary>Folder to search below; null or "/" searches everything.</summary>
    public string? Path { get; set; }
    public int PageSize { get; set; } = 100;
    public bool OrderByLastModified { get; set; }
    public bool Deleted { get; set; }
    public bool FilenameOnly { get; set; }
    public IReadOnlyList<string>? Extensions { get; set; }
    /// <summary>FileCategory tags: image, document, pdf, spreadsheet, presentation, audio, video, folder, paper, others.</summary>
    public IReadOnlyList<string>? Categories { get; set; }
}
