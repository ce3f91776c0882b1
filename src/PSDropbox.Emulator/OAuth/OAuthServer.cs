using System.Collections.Concurrent;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.OAuth;

/// <summary>What the user was asked to approve, validated when the authorize page was shown.</summary>
internal sealed record AuthorizeRequest(
    EmulatorApp App,
    string AccountId,
    string? RedirectUri,
    string? State,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    bool Offline,
    string Scope);

/// <summary>An authorization code: single-use, short-lived, bound to the request it was issued for.</summary>
internal sealed record AuthorizationCode(AuthorizeRequest Request, DateTimeOffset ExpiresAt);

/// <summary>
/// The emulator's OAuth state: registered apps, the access-token lifetime, pending consent pages, codes and
/// remembered approvals. Codes live in memory only: they are valid for minutes, so a restart losing them is fine.
/// </summary>
internal sealed class OAuthServer
{
    /// <summary>Every scope an emulated app has; an authorize request without scope gets all of them.</summary>
    public const string AllScopes =
        "account_info.read files.metadata.read files.metadata.write files.content.read files.content.write sharing.read sharing.write";

    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan ConsentLifetime = TimeSpan.FromMinutes(30);

    private readonly ConcurrentDictionary<string, EmulatorApp> _apps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (AuthorizeRequest Request, DateTimeOffset ExpiresAt)> _consents = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _usedCodes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string AccountId, string AppKey), bool> _approvals = new();
    private int _tokenLifetimeSeconds;

    public OAuthServer(EmulatorOptions options)
    {
        foreach (var app in options.Apps)
        {
            Register(app);
        }
        TokenLifetimeSeconds = options.TokenLifetimeSeconds;
    }

    public int TokenLifetimeSeconds
    {
        get => Volatile.Read(ref _tokenLifetimeSeconds);
        set => Volatile.Write(ref _tokenLifetimeSeconds, value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "must be positive"));
    }

    /// <summary>Adds or replaces an app.</summary>
    public void Register(EmulatorApp app)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(app.AppKey);
        _apps[app.AppKey] = app;
    }

    public EmulatorApp? FindApp(string? appKey) => appKey is not null && _apps.TryGetValue(appKey, out var app) ? app : null;

    public string AddConsent(AuthorizeRequest request)
    {
        string id = Ids.NewSecret(24);
        _consents[id] = (request, DateTimeOffset.UtcNow + ConsentLifetime);
        return id;
    }

    /// <summary>Takes a pending consent (each consent page can be answered once).</summary>
    public AuthorizeRequest? TakeConsent(string? id) =>
        id is not null && _consents.TryRemove(id, out var c) && c.ExpiresAt > DateTimeOffset.UtcNow ? c.Request : null;

    public bool WasApproved(string accountId, string appKey) => _approvals.ContainsKey((accountId, appKey));

    public string IssueCode(AuthorizeRequest request)
    {
        _approvals[(request.AccountId, request.App.AppKey)] = true;
        string code = Ids.NewSecret(32);
        _codes[code] = new AuthorizationCode(request, DateTimeOffset.UtcNow + CodeLifetime);
        return code;
    }

    /// <summary>
    /// Takes a code for exchange: it can never be taken again, whatever the outcome. Returns null for unknown, expired
    /// or already used codes; <paramref name="reusedFamily"/> is the token family a reused code had produced.
    /// </summary>
    public AuthorizationCode? TakeCode(string code, out string? reusedFamily)
    {
        reusedFamily = _usedCodes.TryGetValue(code, out var family) && family.Length > 0 ? family : null;
        if (!_codes.TryRemove(code, out var taken))
        {
            return null;
        }
        _usedCodes[code] = "";
        return taken.ExpiresAt > DateTimeOffset.UtcNow ? taken : null;
    }

    /// <summary>Remembers which tokens a code produced, so that replaying the code revokes them (RFC 6749 §4.1.2).</summary>
    public void RecordFamily(string code, string familyId) => _usedCodes[code] = familyId;
}
