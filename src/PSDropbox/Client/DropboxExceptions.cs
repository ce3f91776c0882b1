using System.Net;

namespace PSDropbox.Client;

/// <summary>Base of every failure the client reports; carries what a person needs to understand it.</summary>
public abstract class DropboxException : Exception
{
    protected DropboxException(string message, string? route, Exception? inner = null) : base(message, inner) => Route = route;

    /// <summary>The API route that failed, e.g. files/list_folder.</summary>
    public string? Route { get; }
}

/// <summary>An endpoint-specific error (HTTP 409) or an access error (403), decoded from the Dropbox JSON body.</summary>
public sealed class DropboxApiException : DropboxException
{
    public DropboxApiException(string route, HttpStatusCode status, string errorSummary, IReadOnlyList<string> tags,
        string? userMessage, string? requestId, string? errorJson)
        : base(BuildMessage(route, errorSummary, userMessage), route)
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

    public bool HasTag(string tag) => Tags.Contains(tag);

    private static string BuildMessage(string route, string summary, string? userMessage) =>
        userMessage is { Length: > 0 } ? $"{userMessage} ({route}: {summary})" : $"{route} failed: {summary}";
}

/// <summary>HTTP 400: Dropbox rejected the request itself (bad argument, bad header). The body is plain text.</summary>
public sealed class DropboxBadRequestException : DropboxException
{
    public DropboxBadRequestException(string route, string text, string? requestId)
        : base(string.IsNullOrWhiteSpace(text) ? $"{route}: bad request" : text.Trim(), route) => RequestId = requestId;

    public string? RequestId { get; }
}

/// <summary>HTTP 401: the token is missing, invalid, expired or revoked.</summary>
public sealed class DropboxAuthException : DropboxException
{
    public DropboxAuthException(string route, string tag, string? requestId)
        : base(Describe(tag), route)
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
        _ => $"Dropbox refused the credentials ({tag}).",
    };
}

/// <summary>HTTP 429: too many requests or too many write operations.</summary>
public sealed class DropboxRateLimitException : DropboxException
{
    public DropboxRateLimitException(string route, string reason, TimeSpan retryAfter, string? requestId)
        : base($"Dropbox is rate limiting requests ({reason}); retry after {retryAfter.TotalSeconds:0} s.", route)
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
        : base($"Dropbox answered {(int)status} {status} to {route}{(string.IsNullOrWhiteSpace(text) ? "" : ": " + Truncate(text!))}", route)
    {
        StatusCode = status;
        RequestId = requestId;
    }

    public HttpStatusCode StatusCode { get; }
    public string? RequestId { get; }

    private static string Truncate(string s) => s.Length <= 300 ? s.Trim() : s.Substring(0, 300).Trim() + "...";
}

/// <summary>The server could not be reached or the connection broke.</summary>
public sealed class DropboxConnectionException : DropboxException
{
    public DropboxConnectionException(string route, Uri endpoint, Exception inner)
        : base($"Could not reach {endpoint.GetLeftPart(UriPartial.Authority)} ({route}): {Innermost(inner).Message}", route, inner)
    {
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
