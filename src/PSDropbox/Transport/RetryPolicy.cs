using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PSDropbox.Transport;

/// <summary>
/// The one place that decides what is retried and how long to wait: transient failures (<see cref="IsTransient"/>),
/// the server's Retry-After when it gives one, else exponential backoff with jitter, within a budget of attempts and
/// total time. A server that cannot be reached at all (connection refused, unknown host) gets only a short window, so a
/// wrong address fails in seconds. Every loop that retries (the transport per request, the commit check, the
/// downloaders' resumes, the change watcher) draws its waits from a <see cref="RetrySchedule"/> of this policy, and each
/// failure is retried by exactly one of them.
/// </summary>
public sealed class RetryPolicy
{
    private static readonly Random SharedRandom = new();

    public static RetryPolicy Default { get; } = new();

    /// <summary>Attempts per request, the first one included (-MaximumRetryCount is this minus one).</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>No retry starts (and no wait is begun) that would end later than this after the first attempt.</summary>
    public TimeSpan MaxElapsed { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The backoff before retry n is between half and all of BaseDelay * 2^(n-1), capped at MaxDelay (-RetryIntervalSec).</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a server that refuses connections (or a host name that does not resolve) is tried again.</summary>
    public TimeSpan UnreachableWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Jitter source in [0, 1); tests make it deterministic.</summary>
    internal Func<double> NextRandom { get; init; } = () =>
    {
        lock (SharedRandom) return SharedRandom.NextDouble();
    };

    /// <summary>Waits; tests record the waits instead of sleeping.</summary>
    internal Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>A fresh budget for one request, commit or stream of resumes.</summary>
    public RetrySchedule Start() => new(this);

    /// <summary>Exponential backoff with "equal jitter" before retry number <paramref name="retry"/> (1 for the first retry).</summary>
    public TimeSpan Backoff(int retry)
    {
        var cap = Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * Math.Pow(2, Math.Min(retry - 1, 30)));
        return TimeSpan.FromTicks((long)(cap / 2 + cap / 2 * NextRandom()));
    }

    /// <summary>Whether a retry after <paramref name="wait"/> is still within both bounds.</summary>
    public bool Allows(int retry, TimeSpan elapsed, TimeSpan wait) => retry < MaxAttempts && elapsed + wait <= MaxElapsed;

    /// <summary>The kinds of failure that waiting and trying again can cure.</summary>
    public static bool IsTransient(DropboxErrorKind kind) => kind is DropboxErrorKind.ConnectionFailed or DropboxErrorKind.Timeout
        or DropboxErrorKind.RateLimited or DropboxErrorKind.ServerError or DropboxErrorKind.TooManyWriteOperations;

    /// <summary>
    /// The connection was never made: refused, no route, or a host name that does not resolve. Nothing was sent, so
    /// any request may be tried again, but only within <see cref="UnreachableWindow"/>.
    /// </summary>
    public static bool IsUnreachable(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket && socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound
                    or SocketError.NoData or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.AddressNotAvailable)
                return true;
            // .NET Framework (Windows PowerShell) reports these as WebException statuses.
            if (inner is WebException web && web.Status is WebExceptionStatus.ConnectFailure or WebExceptionStatus.NameResolutionFailure
                    or WebExceptionStatus.ProxyNameResolutionFailure)
                return true;
        }
        return false;
    }

    /// <summary>
    /// A proxy refused to open a tunnel without credentials (HTTP 407 to CONNECT, which the HTTP stack reports as a failed
    /// connection): no retry can help.
    /// </summary>
    public static bool IsProxyAuthenticationFailure(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is WebException { Response: HttpWebResponse { StatusCode: HttpStatusCode.ProxyAuthenticationRequired } }) return true;
            if (inner is HttpRequestException && inner.Message.Contains("407")) return true;
        }
        return false;
    }

    /// <summary>
    /// The wait a 429 (or a 503) asks for: the Retry-After header (seconds or a date), else the JSON body's
    /// error.retry_after (dropbox-api-v2.md §1.5); null when the server named none.
    /// </summary>
    public static TimeSpan? ServerRetryAfter(HttpResponseMessage response, string? body)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is TimeSpan delta) return delta;
        if (header?.Date is DateTimeOffset date) return date > DateTimeOffset.UtcNow ? date - DateTimeOffset.UtcNow : TimeSpan.Zero;
        if (string.IsNullOrEmpty(body)) return null;
        try
        {
            using var doc = JsonDocument.Parse(body!);
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                   doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object &&
                   error.TryGetProperty("retry_after", out var seconds) && seconds.TryGetInt64(out var s)
                ? TimeSpan.FromSeconds(s)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A 409 whose error_summary carries too_many_write_operations: namespace lock contention, nothing was
    /// written, so repeating is safe for any route (dropbox-api-v2.md §6.1). Only error_summary is read; the
    /// route-specific error union stays the client's business.
    /// </summary>
    public static bool IsWriteContention(HttpStatusCode status, string? body)
    {
        if (status != HttpStatusCode.Conflict || string.IsNullOrEmpty(body)) return false;
        try
        {
            using var doc = JsonDocument.Parse(body!);
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                   doc.RootElement.TryGetProperty("error_summary", out var summary) && summary.ValueKind == JsonValueKind.String &&
                   summary.GetString()!.Split('/').Contains("too_many_write_operations");
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>408 and 5xx except the ones that say the request itself is unsupported (501, 505).</summary>
    public static bool IsTransientStatus(HttpStatusCode status)
    {
        var code = (int)status;
        return code == 408 || (code >= 500 && code != 501 && code != 505);
    }
}

/// <summary>
/// One budget of a <see cref="RetryPolicy"/>: counts the retries since it started (or since the last progress) and the
/// time since then, and says how long to wait before the next retry, or that the budget is spent.
/// </summary>
public sealed class RetrySchedule
{
    private readonly RetryPolicy _policy;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    internal RetrySchedule(RetryPolicy policy) => _policy = policy;

    /// <summary>Retries granted so far.</summary>
    public int Retries { get; private set; }

    public RetryPolicy Policy => _policy;

    /// <summary>
    /// The wait before the next retry (the server's <paramref name="serverAsked"/> if it named one, else the backoff), or
    /// null when the budget is spent. <paramref name="unreachable"/>: the server could not be reached at all, which is
    /// only retried within the policy's short window.
    /// </summary>
    public TimeSpan? Next(TimeSpan? serverAsked = null, bool unreachable = false)
    {
        var retry = Retries + 1;
        var wait = serverAsked ?? _policy.Backoff(retry);
        if (!_policy.Allows(retry, _clock.Elapsed, wait)) return null;
        if (unreachable && _clock.Elapsed + wait > _policy.UnreachableWindow) return null;
        Retries = retry;
        return wait;
    }

    /// <summary>Progress was made (bytes arrived): the next failure starts a fresh budget.</summary>
    public void Reset()
    {
        Retries = 0;
        _clock.Restart();
    }

    /// <summary>Waits <paramref name="wait"/>, cancellably (through the policy's clock in tests).</summary>
    public Task DelayAsync(TimeSpan wait, CancellationToken cancellationToken) => _policy.Delay(wait, cancellationToken);
}
