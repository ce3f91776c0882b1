using System.Text.RegularExpressions;

namespace PSDropbox.Client;

/// <summary>
/// What paths are relative to (the Dropbox-API-Path-Root header): Home (the account's home, as without the header),
/// Root (the account's root namespace: a team member sees the team space) or a namespace id. Root sends the root
/// namespace id the connection knows (<see cref="RootNamespace"/>), which Dropbox checks: when the account's root
/// changed (it joined or left a team), Dropbox answers 422 invalid_root with the new one, which is adopted for later calls.
/// </summary>
public sealed class PathRoot
{
    private static readonly Regex NamespaceIdPattern = new("^[0-9]+$", RegexOptions.CultureInvariant);
    private readonly RootNamespace? _root;
    private readonly string? _namespaceId;

    private PathRoot(string kind, string? namespaceId, RootNamespace? root)
    {
        Kind = kind;
        _namespaceId = namespaceId;
        _root = root;
    }

    public static PathRoot Home { get; } = new("Home", null, null);

    /// <summary>"Home", "Root" or a namespace id.</summary>
    public string Kind { get; }

    /// <summary>The namespace paths are relative to: the id given, or (Root) the account's current root namespace; null for Home.</summary>
    public string? NamespaceId => _root?.Id ?? _namespaceId;

    /// <summary>Reads "Home", "Root" (any case) or a namespace id; <paramref name="root"/> is the account's root namespace.</summary>
    public static PathRoot Parse(string text, RootNamespace root)
    {
        if (root is null) throw new ArgumentNullException(nameof(root));
        var kind = Normalize(text);
        return kind switch
        {
            "Home" => Home,
            "Root" => new PathRoot("Root", null, root),
            _ => new PathRoot(kind, kind, null),
        };
    }

    /// <summary>
    /// "Home", "Root" or the namespace id (digits) <paramref name="text"/> names; ArgumentException for anything else. The one
    /// rule for -PathRoot, of Connect-Dropbox and of every command: checked before any request.
    /// </summary>
    public static string Normalize(string text)
    {
        var value = text?.Trim() ?? "";
        if (value.Equals("Home", StringComparison.OrdinalIgnoreCase)) return "Home";
        if (value.Equals("Root", StringComparison.OrdinalIgnoreCase)) return "Root";
        if (!NamespaceIdPattern.IsMatch(value))
            throw new ArgumentException($"'{text}' is not a path root: use Home, Root or a namespace id, which is all digits (Get-DropboxNamespace lists them; Get-DropboxAccount shows yours).");
        return value;
    }

    internal string HeaderValue => Kind switch
    {
        "Home" => "{\".tag\": \"home\"}",
        "Root" => "{\".tag\": \"root\", \"root\": \"" + _root!.Id + "\"}",
        _ => "{\".tag\": \"namespace_id\", \"namespace_id\": \"" + _namespaceId + "\"}",
    };

    /// <summary>For Root: the connection's knowledge of the account's root namespace, which a 422 invalid_root updates.</summary>
    internal RootNamespace? Root => _root;

    public override string ToString() => Kind == "Root" ? $"Root ({_root!.Id})" : Kind;
}

/// <summary>An account's root namespace id, shared by every client of one connection; Dropbox may report a new one.</summary>
public sealed class RootNamespace
{
    private volatile string _id;

    public RootNamespace(string id) => _id = id ?? throw new ArgumentNullException(nameof(id));

    public string Id => _id;

    internal void MoveTo(string id) => _id = id;

    public override string ToString() => _id;
}
