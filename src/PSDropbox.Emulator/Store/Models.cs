namespace PSDropbox.Emulator.Store;

/// <summary>A path-level failure from the store or path rules; routes wrap it in their own error union.</summary>
internal sealed class PathProblemException(bool isLookup, params string[] tags) : Exception(string.Join('/', tags))
{
    /// <summary>True for LookupError tags (not_found, not_folder, malformed_path...), false for WriteError tags.</summary>
    public bool IsLookup { get; } = isLookup;
    public string[] Tags { get; } = tags;

    public static PathProblemException Lookup(params string[] tags) => new(true, tags);
    public static PathProblemException Write(params string[] tags) => new(false, tags);
}

internal sealed record Account(
    string AccountId,
    long NamespaceId,
    string GivenName,
    string Surname,
    string Email,
    string Country,
    string Locale,
    string AccountType)
{
    public string DisplayName => $"{GivenName} {Surname}";
}

/// <summary>A row of the items table (live or deleted).</summary>
internal sealed record Item(
    long Ns,
    string PathLower,
    string PathDisplay,
    string Name,
    string Id,
    bool IsFolder,
    bool IsDeleted,
    string? Rev,
    long Size,
    string? ContentHash,
    long ClientModified,
    long ServerModified);

/// <summary>Token lookup result.</summary>
internal sealed record TokenInfo(string Token, string AccountId, string Kind, long? ExpiresAt, string? FamilyId);

/// <summary>An entry of a list_folder page: a live item, or a deletion (Item may be null, then display comes from the journal).</summary>
internal sealed record ListEntry(Item? Item, string PathLower, string PathDisplay, bool Deleted)
{
    public string Name => PathDisplay[(PathDisplay.LastIndexOf('/') + 1)..];
}

internal sealed record ListPage(IReadOnlyList<ListEntry> Entries, FolderCursor Cursor, bool HasMore);
