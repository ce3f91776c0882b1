namespace PSDropbox.Client;

/// <summary>
/// Extra headers for a call of any route (Invoke-DropboxApi -Header), checked here once: a name must be an HTTP token
/// and a value one line of ASCII, and none may replace what the connection sends (Authorization) or what the route's
/// style needs (Dropbox-API-Arg, Content-Type...). Other Dropbox headers (Dropbox-API-Select-User, -Select-Admin,
/// -Path-Root) replace the connection's own for that call.
/// </summary>
public sealed class RequestHeaders
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Dropbox-API-Arg", "Content-Type", "Content-Length", "Host", "Transfer-Encoding", "Connection", "Expect", "Range",
    };

    private readonly List<KeyValuePair<string, string>> _headers = new();

    public IReadOnlyList<KeyValuePair<string, string>> All => _headers;

    /// <summary>Adds a header; throws ArgumentException naming the header when it cannot be sent.</summary>
    public void Add(string name, string value)
    {
        if (string.IsNullOrEmpty(name) || !name.All(IsTokenChar))
            throw new ArgumentException($"'{name}' is not a header name (letters, digits and !#$%&'*+-.^_`|~ only).", nameof(name));
        if (Reserved.Contains(name))
            throw new ArgumentException($"The {name} header is set by the connection and the route's style; it cannot be given with -Header.", nameof(name));
        if (value is null || value.Any(c => c > 0x7E || (c < 0x20 && c != '\t')))
            throw new ArgumentException($"The value of the {name} header must be one line of ASCII text; give JSON as a hashtable to have it escaped.", nameof(value));
        if (_headers.Any(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)))
            throw new ArgumentException($"The {name} header is given twice.", nameof(name));
        _headers.Add(new KeyValuePair<string, string>(name, value));
    }

    internal void ApplyTo(HttpRequestMessage request)
    {
        foreach (var header in _headers)
        {
            request.Headers.Remove(header.Key);
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
    }

    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' || "!#$%&'*+-.^_`|~".IndexOf(c) >= 0;
}
