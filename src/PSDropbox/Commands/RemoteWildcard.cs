using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Commands;

/// <summary>
/// Remote wildcard paths, the one rule every cmdlet and the provider use: a /path whose last name holds * ? [ ]
/// (PowerShell wildcard rules, case-insensitive like Dropbox names) stands for the matching items of its folder, found
/// with one listing of that folder, page by page. An item whose name is exactly the last name as typed wins
/// ("/Photos [2020]" means that folder when it exists), so names with brackets need no escaping. Inside an encrypted
/// folder the plaintext names are matched, and the items come decrypted.
/// </summary>
internal static class RemoteWildcard
{
    /// <summary>The last name of <paramref name="path"/> is a wildcard pattern (id:, rev: and ns: roots never are).</summary>
    public static bool IsPattern(string path)
    {
        if (path.StartsWith("id:", StringComparison.Ordinal) || path.StartsWith("rev:", StringComparison.Ordinal)) return false;
        var slash = path.TrimEnd('/').LastIndexOf('/');
        return WildcardPattern.ContainsWildcardCharacters(path.TrimEnd('/').Substring(slash + 1));
    }

    /// <summary>
    /// Calls <paramref name="each"/> with every item of the folder of <paramref name="path"/> whose name matches its last
    /// name, and the item's path as parent + "/" + name (so ns: paths stay ns: paths). Throws
    /// <see cref="WildcardNoMatchException"/> (with <paramref name="hint"/>) when nothing matches. In an encrypted folder
    /// of <paramref name="crypt"/> the items are the plaintext view, and <paramref name="warn"/> hears of names that do not decrypt.
    /// </summary>
    public static async Task ExpandAsync(FilesClient files, IReadOnlyList<CryptFolder> crypt, string path, bool includeDeleted,
        Func<DropboxItem, string, Task> each, string? hint, Action<string> warn, CancellationToken cancellationToken)
    {
        var normalized = DropboxPath.Normalize(path);
        var slash = normalized.LastIndexOf('/');
        var (parent, name) = (normalized.Substring(0, slash), normalized.Substring(slash + 1));
        var pattern = Parse(name);
        DropboxItem? literal = null;
        try
        {
            var stored = await CryptPaths.ExistingAsync(files, crypt, normalized, cancellationToken).ConfigureAwait(false);
            literal = CryptPaths.Plain(crypt, await files.GetMetadataAsync(stored, includeDeleted, cancellationToken).ConfigureAwait(false), warn);
        }
        catch (DropboxApiException e) when (pattern is not null && e.Kind is DropboxErrorKind.NotFound or DropboxErrorKind.MalformedPath)
        {
            // no item of that exact name: the name is a pattern (an invalid one, e.g. "a[b", leaves the error as it is)
        }
        if (literal is not null)
        {
            await each(literal, normalized).ConfigureAwait(false);
            return;
        }
        var matched = false;
        var page = await files.ListFolderAsync(CryptPaths.ForNew(crypt, parent, isDirectory: true), recursive: false, includeDeleted, limit: null,
            cancellationToken).ConfigureAwait(false);
        while (true)
        {
            foreach (var item in page.Entries.Select(e => CryptPaths.Plain(crypt, e, warn)))
            {
                if (!pattern!.IsMatch(item.Name)) continue;
                matched = true;
                await each(item, parent + "/" + item.Name).ConfigureAwait(false);
            }
            if (!page.HasMore) break;
            page = await files.ListFolderContinueAsync(page.Cursor, cancellationToken).ConfigureAwait(false);
        }
        if (!matched) throw new WildcardNoMatchException(path, parent.Length == 0 ? "/" : parent, name, hint);
    }

    private static WildcardPattern? Parse(string name)
    {
        var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase | WildcardOptions.CultureInvariant);
        try
        {
            pattern.IsMatch(""); // parsed on first use
            return pattern;
        }
        catch (WildcardPatternException)
        {
            return null;
        }
    }
}
