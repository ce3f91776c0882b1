namespace PSDropbox.Completion;

/// <summary>
/// What a person has typed of a remote path when they press Tab: the folder to list and the start of the name,
/// and how each candidate is written back (folders end with "/", names that PowerShell would split are quoted).
/// </summary>
internal sealed class RemotePathWord
{
    // Characters that end or change a bare word in PowerShell's parser; such a path must be quoted.
    private const string NeedsQuotes = " \t'\"`$&(){}[];,|<>@#\u2018\u2019\u201A\u201B\u201C\u201D\u201E";

    private RemotePathWord(char? quote, string folder, string prefix)
    {
        Quote = quote;
        Folder = folder;
        Prefix = prefix;
    }

    /// <summary>The quote the person opened (' or "), or null for a bare word.</summary>
    public char? Quote { get; }

    /// <summary>The folder whose children complete the word: "" for the root, else "/a/b" as typed.</summary>
    public string Folder { get; }

    /// <summary>The start of the name being completed (may be empty, may hold wildcards).</summary>
    public string Prefix { get; }

    /// <summary>
    /// Reads the word under the cursor; null when it is not a path completion can help with (id:, rev:, ns:, or a
    /// drive- or provider-qualified path, which PowerShell's own path completion handles).
    /// </summary>
    public static RemotePathWord? Parse(string? word)
    {
        word ??= "";
        char? quote = null;
        if (word.Length > 0 && (word[0] == '\'' || word[0] == '"'))
        {
            quote = word[0];
            word = word.Substring(1);
            if (word.Length > 0 && word[word.Length - 1] == quote) word = word.Substring(0, word.Length - 1);
            word = quote == '\'' ? word.Replace("''", "'") : word.Replace("`\"", "\"").Replace("``", "`").Replace("`$", "$");
        }
        if (word.StartsWith("id:", StringComparison.Ordinal) || word.StartsWith("rev:", StringComparison.Ordinal) ||
            word.StartsWith("ns:", StringComparison.Ordinal) || word.Contains(":"))
            return null;
        var path = word.StartsWith("/", StringComparison.Ordinal) ? word : "/" + word;
        var slash = path.LastIndexOf('/');
        return new RemotePathWord(quote, path.Substring(0, slash), path.Substring(slash + 1));
    }

    /// <summary>Whether an item called <paramref name="name"/> completes the word (case-insensitive, as Dropbox compares names).</summary>
    public bool Matches(string name) => name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>The text that replaces the word for an item at <paramref name="path"/> (its display path).</summary>
    public string CompletionText(string path, bool isFolder)
    {
        var text = isFolder ? path + "/" : path;
        if (Quote == '"') return "\"" + text.Replace("`", "``").Replace("$", "`$").Replace("\"", "`\"") + "\"";
        if (Quote == '\'' || text.IndexOfAny(NeedsQuotes.ToCharArray()) >= 0) return "'" + DoubleSingleQuotes(text) + "'";
        return text;
    }

    // PowerShell reads the typographic single quotes as quotes too; each is escaped by doubling it.
    private static string DoubleSingleQuotes(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B') builder.Append(c);
            builder.Append(c);
        }
        return builder.ToString();
    }
}
