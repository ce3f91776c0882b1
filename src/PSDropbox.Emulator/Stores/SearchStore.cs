using System.Text;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>files/search_v2: names (and the content of small text files) matched in the account's tree.</summary>
internal sealed class SearchStore(Database db, BlobStore blobs)
{
    /// <summary>Dropbox stops at 10,000 matches per search.</summary>
    public const int MaxSearchMatches = 10_000;

    /// <summary>Text files up to this size are searched by content too (unless filename_only).</summary>
    private const long ContentSearchLimit = 256 * 1024;

    private static readonly HashSet<string> TextExtensions = new(StringComparer.Ordinal)
    {
        "txt", "md", "csv", "json", "xml", "log", "html", "htm", "yml", "yaml", "ini", "ps1", "psm1", "cs", "js", "py", "sh", "tsv",
    };

    /// <summary>
    /// Every match of the query, best first (relevance: exact name, name prefix, name contains, content), or newest first.
    /// At most <see cref="MaxSearchMatches"/>; throws PathProblemException for a bad scope.
    /// </summary>
    public List<SearchMatch> Search(Account a, SearchQuery q)
    {
        using var c = db.OpenConnection();
        using var tx = c.BeginTransaction(deferred: true);
        if (q.ScopeLower.Length > 0)
        {
            var scope = ItemRows.Get(c, tx, a.NamespaceId, q.ScopeLower);
            if (scope is null || scope.IsDeleted)
            {
                throw PathProblemException.Lookup("not_found");
            }
            if (!scope.IsFolder)
            {
                throw PathProblemException.Lookup("not_folder");
            }
        }
        string lowerQuery = PathRules.LowerName(q.Query.Trim());
        string[] words = lowerQuery.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var scored = new List<(SearchMatch Match, int Score)>();
        using (var cmd = Sql.Cmd(c, tx, $"""
            SELECT {ItemRows.Columns} FROM items
            WHERE ns=$ns AND deleted=$del AND path_lower != $scope AND {ItemRows.ScopeSql(q.ScopeLower, recursive: true, a.View)}
            ORDER BY path_lower
            """, [("$ns", a.NamespaceId), ("$del", q.Deleted ? 1L : 0L), .. ItemRows.ScopeArgs(q.ScopeLower, a.View)]))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read() && scored.Count < MaxSearchMatches)
            {
                var item = ItemRows.Read(r);
                if (!PassesFilters(item, q))
                {
                    continue;
                }
                string name = item.PathLower[(item.PathLower.LastIndexOf('/') + 1)..];
                bool nameMatch = words.All(w => name.Contains(w, StringComparison.Ordinal));
                bool contentMatch = !q.FilenameOnly && words.Length > 0 && ContentMatches(item, words);
                if (!nameMatch && !contentMatch)
                {
                    continue;
                }
                int score = !nameMatch ? 3 : name == lowerQuery ? 0 : name.StartsWith(lowerQuery, StringComparison.Ordinal) ? 1 : 2;
                string type = nameMatch && contentMatch ? "filename_and_content" : nameMatch ? "filename" : "content";
                scored.Add((new SearchMatch(item, type), score));
            }
        }
        IEnumerable<(SearchMatch Match, int Score)> ordered = q.ByLastModified
            ? scored.OrderByDescending(s => s.Match.Item.ServerModified).ThenBy(s => s.Match.Item.PathLower, StringComparer.Ordinal)
            : scored.OrderBy(s => s.Score).ThenBy(s => s.Match.Item.PathLower, StringComparer.Ordinal);
        return ordered.Select(s => s.Match).ToList();
    }

    private static bool PassesFilters(Item item, SearchQuery q)
    {
        string ext = FileTypes.Extension(item.Name);
        if (q.Extensions.Count > 0 && (item.IsFolder || !q.Extensions.Contains(ext)))
        {
            return false;
        }
        if (q.Categories.Count > 0 && !q.Categories.Contains(item.IsFolder ? "folder" : FileTypes.CategoryOf(ext)))
        {
            return false;
        }
        return true;
    }

    private bool ContentMatches(Item item, string[] words)
    {
        if (item.IsFolder || item.IsDeleted || item.ContentHash is null || item.Size > ContentSearchLimit || !TextExtensions.Contains(FileTypes.Extension(item.Name)))
        {
            return false;
        }
        string path = blobs.PathFor(item.ContentHash);
        if (!File.Exists(path))
        {
            return false;
        }
        string text = PathRules.LowerName(File.ReadAllText(path, Encoding.UTF8));
        return words.All(w => text.Contains(w, StringComparison.Ordinal));
    }
}
