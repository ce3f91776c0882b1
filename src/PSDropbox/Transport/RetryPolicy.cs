using System.Net;
using System.Text.Json;

namespace PSDropbox.Transport;

/// <summary>
/// How the transport retries transient failures: how many attempts, how long in total, and how long to wait
/// before each retry (the server's Retry-After when it gives one, else exponential backoff with jitter).
/// </summary>
public sealed class RetryPolicy
{
    private static readonly Random SharedRandom = new();

    public static RetryPolicy Default { get; } = new();

    /// <summary>Attempts per request, the first one included.</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>No retry starts (and no wait is begun) that would end later than this after the first attempt.</summary>
    public TimeSpan MaxElapsed { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The backoff before retry n is between half and all of BaseDelay * 2^(n-1), capped at MaxDelay.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Jitter source in [0, 1); tests make it deterministic.</summary>
    internal Func<double> NextRandom { get; init; } = () =>
    {
        lock (SharedRandom) return SharedRandom.NextDouble();
    };

    /// <summary>Waits; tests record the waits instead of sleeping.</summary>
    internal Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>Exponential backoff with "equal jitter" before retry number <paramref name="retry"/> (1 for the first retry).</summary>
    public TimeSpan Backoff(int retry)
    {
        var cap = Math.Min(MaxDelay.Ticks, BaseDelay.Ticks * Math.Pow(2, Math.Min(retry - 1, 30)));
        return TimeSpan.FromTicks((long)(cap / 2 + cap / 2 * NextRandom()));
    }

    /// <summary>Whether a retry after <paramref name="wait"/> is still within both bounds.</summary>
    public bool Allows(int retry, TimeSpan elapsed, TimeSpan wait) => retry < MaxAttempts && elapsed + wait <= MaxElapsed;

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
