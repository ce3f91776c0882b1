using System.Net;

namespace PSDropbox.Transport;

/// <summary>
/// The proxy the environment names, as curl and .NET read it: HTTPS_PROXY for https addresses, HTTP_PROXY (http_proxy)
/// for http ones, ALL_PROXY for both, NO_PROXY for the hosts that go direct ("*", "host", ".domain" or "domain" with
/// its subdomains, optionally ":port"). Read when a connection is made, so a variable set in the session counts (and
/// Windows PowerShell, whose .NET ignores these variables, honours them too).
/// </summary>
internal sealed class EnvironmentProxy : IWebProxy
{
    private readonly Uri? _http;
    private readonly Uri? _https;
    private readonly string[] _noProxy;

    private EnvironmentProxy(Uri? http, Uri? https, string[] noProxy)
    {
        _http = http;
        _https = https;
        _noProxy = noProxy;
        var userInfo = (_https ?? _http)?.UserInfo;
        if (!string.IsNullOrEmpty(userInfo))
        {
            var parts = userInfo!.Split(new[] { ':' }, 2);
            Credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }
    }

    public ICredentials? Credentials { get; set; }

    /// <summary>The environment's proxy, or null when no proxy variable is set.</summary>
    public static EnvironmentProxy? FromEnvironment(Func<string, string?>? read = null)
    {
        read ??= Environment.GetEnvironmentVariable;
        string? Get(string name) => read(name.ToLowerInvariant()) is { Length: > 0 } lower ? lower : read(name) is { Length: > 0 } upper ? upper : null;
        var all = Parse(Get("ALL_PROXY"));
        // Only the lower-case http_proxy: a CGI server sets HTTP_PROXY from a request's "Proxy:" header.
        var http = Parse(read("http_proxy")) ?? all;
        var https = Parse(Get("HTTPS_PROXY")) ?? all;
        if (http is null && https is null) return null;
        var noProxy = (Get("NO_PROXY") ?? "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries).Select(e => e.Trim()).Where(e => e.Length > 0).ToArray();
        return new EnvironmentProxy(http, https, noProxy);
    }

    public Uri? GetProxy(Uri destination) => IsBypassed(destination) ? null : destination.Scheme == Uri.UriSchemeHttps ? _https : _http;

    public bool IsBypassed(Uri host)
    {
        if ((host.Scheme == Uri.UriSchemeHttps ? _https : _http) is null) return true;
        foreach (var entry in _noProxy)
        {
            if (entry == "*") return true;
            var (name, port) = SplitPort(entry);
            if (port is int p && p != host.Port) continue;
            name = name.TrimStart('.').Trim('[', ']');
            if (string.Equals(host.IdnHost.Trim('[', ']'), name, StringComparison.OrdinalIgnoreCase) ||
                host.IdnHost.EndsWith("." + name, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    private static Uri? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var text = value!.Trim();
        if (!text.Contains("://")) text = "http://" + text;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
    }

    private static (string Name, int? Port) SplitPort(string entry)
    {
        // A port follows host:, or [ipv6]:; a bare IPv6 address (several colons, no brackets) has none.
        var colon = entry.LastIndexOf(':');
        var hasPort = colon > 0 && (entry.StartsWith("[", StringComparison.Ordinal) ? entry.IndexOf(']') == colon - 1 : entry.IndexOf(':') == colon);
        return hasPort && int.TryParse(entry.Substring(colon + 1), out var port)
            ? (entry.Substring(0, colon), port)
            : (entry, null);
    }
}
