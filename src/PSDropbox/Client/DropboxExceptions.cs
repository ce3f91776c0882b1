using System.Net;
using PSDropbox.Transport;

namespace PSDropbox.Client;

/// <summary>Base of every failure the client reports; carries what a person needs to understand it, and its kind.</summary>
public abstract class DropboxException : Exception
{
    private string? _sentence;

    protected DropboxException(string message, string? route, DropboxErrorKind kind, Exception? inner = null) : base(message, inner)
    {
        Route = route;
        Kind = kind;
    }

    /// <summary>
    /// The sentence a person reads. A cmdlet's ErrorRecord sets it (naming the item it was about) so that
    /// $_.Exception.Message is that sentence; until then it is <see cref="Summary"/>.
    /// </summary>
    public override string Message => _sentence ?? base.Message;

    /// <summary>What the client reported, e.g. "files/get_metadata failed: path/not_found/"; it stays when <see cref="Message"/> is replaced.</summary>
    public string Summary => base.Message;

    internal void SetMessage(string sentence) => _sentence = sentence;

    /// <summary>The API route that failed, e.g. files/list_folder.</summary>
    public string? Route { get; }

    /// <summary>What went wrong: test this, never the error's tags or message.</summary>
    public DropboxErrorKind Kind { get; }

    /// <summary>Waiting and trying again can help (the retry policy's rule).</summary>
    public bool IsTransient => RetryPolicy.IsTransient(Kind);

    /// <summary>
    /// The failure came while a streamed answer was being read (after the transport had handed it over): only the reader
    /// can retry it (a download resumes from the bytes on disk); failures before that were retried by the transport.
    /// </summary>
    public bool WhileReceiving { get; internal set; }
}

/// <summary>An endpoint-specific error (HTTP 409) or an access error (403), decoded from the Dropbox JSON body.</summary>
public sealed class DropboxApiException : DropboxException
{
    public DropboxApiException(string route, HttpStatusCode status, string errorSummary, IReadOnlyList<string> tags,
        string? userMessage, string? requestId, string? errorJson)
        : base(BuildMessage(route, errorSummary, userMessage), route, DropboxErrorKinds.FromTags(tags, status))
    {
        StatusCode = status;
        ErrorSummary = errorSummary;
        Tags = tags;
        UserMessage = userMessage;
        RequestId = requestId;
        ErrorJson = errorJson;
    }

    public HttpStatusCode StatusCode { get; }
    public string ErrorSummary { get; }
    /// <summary>The union tags from outer to inner, e.g. ["path", "not_found"].</summary>
    public IReadOnlyList<string> Tags { get; }
    public string TagPath => string.Join("/", Tags);
    public string? UserMessage { get; }
    public string? RequestId { get; }
    /// <summary>The raw "error" member, for callers that need fields such as correct_offset.</summary>
    public string? ErrorJson { get; }

    /// <summary>A conflict with a folder that is already at the path (conflict/folder).</summary>
    public bool ConflictsWithFolder => Kind == DropboxErrorKind.Conflict && Tags.Contains("folder");

    private static string BuildMessage(string route, string summary, string? userMessage) =>
        userMessage is { Length: > 0 } ? $"{userMessage} ({route}: {summary})" : $"{route} failed: {summary}";
}

/// <summary>HTTP 400: Dropbox rejected the request itself (bad argument, bad header). The body is plain text.</summary>
public sealed class DropboxBadRequestException : DropboxException
{
    public DropboxBadRequestException(string route, string text, string? requestId)
        : base(string.IsNullOrWhiteSpace(text) ? $"{route}: bad request" : text.Trim(), route, DropboxErrorKind.BadRequest) => RequestId = requestId;

    public string? RequestId { get; }
}

/// <summary>HTTP 401: the token is missing, invalid, expired or revoked.</summary>
public sealed class DropboxAuthException : DropboxException
{
    public DropboxAuthException(string route, string tag, string? requestId)
        : base(Describe(tag), route, tag == "expired_access_token" ? DropboxErrorKind.TokenExpired : DropboxErrorKind.AuthenticationFailed)
    {
        Tag = tag;
        RequestId = requestId;
    }

    public string Tag { get; }
    public string? RequestId { get; }

    private static string Describe(string tag) => tag switch
    {
        "invalid_access_token" => "The access token is not valid (it may have been revoked). Run Connect-Dropbox again.",
        "expired_access_token" => "The access token has expired. Run Connect-Dropbox again, or connect with a refresh token.",
        "missing_scope" => "The app is missing a permission (scope) this operation needs.",
        "user_suspended" => "The Dropbox account is suspended.",
        "invalid_select_user" => "The team member this connection acts as (-AsMember) is not on the team any more.",
        "invalid_select_admin" => "The member this connection acts as with -AsAdmin is not a team admin.",
        _ => $"Dropbox refused the credentials ({tag}).",
    };
}

/// <summary>HTTP 429: too many requests or too many write operations.</summary>
public sealed class DropboxRateLimitException : DropboxException
{
    public DropboxRateLimitException(string route, string reason, TimeSpan retryAfter, string? requestId)
        : base($"Dropbox is rate limiting requests ({reason}); retry after {retryAfter.TotalSeconds:0} s.", route, DropboxErrorKind.RateLimited)
    {
        Reason = reason;
        RetryAfter = retryAfter;
        RequestId = requestId;
    }

    public string Reason { get; }
    public TimeSpan RetryAfter { get; }
    public string? RequestId { get; }
}

/// <summary>HTTP 5xx or an unexpected status.</summary>
public sealed class DropboxServerException : DropboxException
{
    public DropboxServerException(string route, HttpStatusCode status, string? text, string? requestId)
        : base($"Dropbox answered {(int)status} {status} to {route}{(string.IsNullOrWhiteSpace(text) ? "" : ": " + Truncate(text!))}", route,
            DropboxErrorKinds.FromStatus(status))
    {
        StatusCode = status;
        RequestId = requestId;
    }

    public HttpStatusCode StatusCode { get; }
    public string? RequestId { get; }

    private static string Truncate(string s) => s.Length <= 300 ? s.Trim() : s.Substring(0, 300).Trim() + "...";
}

/// <summary>The server could not be reached or the connection broke, and the retries are spent.</summary>
public sealed class DropboxConnectionException : DropboxException
{
    public DropboxConnectionException(string route, Uri endpoint, Exception inner)
        : base($"Could not reach {endpoint.GetLeftPart(UriPartial.Authority)} ({route}): {Innermost(inner).Message}", route, DropboxErrorKind.ConnectionFailed, inner)
    {
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    internal static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}

/// <summary>
/// A connection or transfer stalled for longer than a timeout allows (<see cref="LimitName"/> on Connect-Dropbox), and
/// the retries are spent.
/// </summary>
public sealed class DropboxTimeoutException : DropboxException
{
    public DropboxTimeoutException(string route, Uri endpoint, TransferStalledException stalled, int attempts)
        : base($"{route} to {endpoint.GetLeftPart(UriPartial.Authority)} timed out: {stalled.Message}" +
               (attempts > 1 ? $" Gave up after {attempts} attempts." : ""), route, DropboxErrorKind.Timeout, stalled)
    {
        Endpoint = endpoint;
        Limit = stalled.Limit;
        LimitName = stalled.LimitName;
        Phase = stalled.Phase;
    }

    public Uri Endpoint { get; }
    /// <summary>The limit that was hit.</summary>
    public TimeSpan Limit { get; }
    /// <summary>The Connect-Dropbox parameter that sets it: ConnectionTimeoutSeconds or OperationTimeoutSeconds.</summary>
    public string LimitName { get; }
    public TransferPhase Phase { get; }
}

/// <summary>HTTP 407: the proxy wants credentials (-ProxyCredential, -ProxyUseDefaultCredentials) or refused the ones it got.</summary>
public sealed class DropboxProxyException : DropboxException
{
    public DropboxProxyException(string route, Exception? inner = null)
        : base($"The proxy refused to pass on {route} without credentials (407 Proxy Authentication Required). Connect with -ProxyCredential, " +
               "or -ProxyUseDefaultCredentials to sign in to the proxy as the current Windows user.", route, DropboxErrorKind.ProxyAuthenticationRequired, inner)
    {
    }
}
