using System.Globalization;

namespace PSDropbox.Emulator.Faults;

/// <summary>
/// What to inject, parsed from a spec such as "429=0.1,429text=0.05,retryafter=0.5,503=0.05,cut=0.05,slow=0.02,stall=0.01,expire=60".
/// Rates are per request, drawn in the order 429, 429text, 429write, 503, cut, slow, stall (their sum is at most 1).
/// </summary>
public sealed record FaultSpec
{
    public static readonly FaultSpec None = new();

    /// <summary>JSON 429 too_many_requests.</summary>
    public double RateLimitJson { get; init; }
    /// <summary>Plain-text 429 (counts as too_many_requests).</summary>
    public double RateLimitText { get; init; }
    /// <summary>JSON 429 too_many_write_operations (namespace lock contention).</summary>
    public double WriteContention { get; init; }
    /// <summary>Fraction of 429s that carry Retry-After (and, in JSON, error.retry_after); the others name no wait.</summary>
    public double RetryAfterShare { get; init; } = 1;
    /// <summary>The Retry-After value, in whole seconds.</summary>
    public int RetryAfterSeconds { get; init; } = 1;
    /// <summary>503 with a plain-text body.</summary>
    public double Unavailable { get; init; }
    /// <summary>Connection aborted after a random number of bytes of the request body (when it has one) or of the response body.</summary>
    public double Cut { get; init; }
    /// <summary>Where cuts happen: "request", "response" (the route ran, its answer is lost) or null for either, at random.</summary>
    public string? CutSide { get; init; }
    /// <summary>Each entry of a copy/move/delete batch or of finish_batch_v2 fails alone with too_many_write_operations at this rate.</summary>
    public double BatchWriteContention { get; init; }
    /// <summary>Response body that stalls halfway for <see cref="SlowMilliseconds"/>.</summary>
    public double Slow { get; init; }
    public int SlowMilliseconds { get; init; } = 1000;
    /// <summary>The server goes silent for good (until the client gives up): see <see cref="StallAt"/>.</summary>
    public double Stall { get; init; }
    /// <summary>
    /// Where a stall happens: "answer" (the request is read, no answer ever comes) or "body" (the headers and part of the
    /// answer's body, then silence), or null for either, at random.
    /// </summary>
    public string? StallAt { get; init; }
    /// <summary>Expiring (non long-lived) access tokens are refused as expired_access_token this many seconds after they were issued.</summary>
    public int? ExpireSeconds { get; init; }
    /// <summary>Stop injecting after this many faults (null: no limit).</summary>
    public int? MaxFaults { get; init; }
    /// <summary>Only these routes are faulted (null: every API route).</summary>
    public IReadOnlyList<string>? Routes { get; init; }
    /// <summary>Also fault the OAuth routes (/oauth2/...); they are spared by default.</summary>
    public bool IncludeOAuth { get; init; }

    public bool IsNone => this == None || (RateLimitJson + RateLimitText + WriteContention + Unavailable + Cut + Slow + Stall == 0 && ExpireSeconds is null && BatchWriteContention == 0);

    public static FaultSpec Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim() == "none") return None;
        var spec = new FaultSpec();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) throw new FormatException($"Fault '{part}' is not name=value.");
            var (name, value) = (part[..eq].Trim().ToLowerInvariant(), part[(eq + 1)..].Trim());
            spec = name switch
            {
                "429" => spec with { RateLimitJson = Rate(name, value) },
                "429text" => spec with { RateLimitText = Rate(name, value) },
                "429write" => spec with { WriteContention = Rate(name, value) },
                "retryafter" => spec with { RetryAfterShare = Rate(name, value) },
                "after" => spec with { RetryAfterSeconds = Count(name, value) },
                "503" => spec with { Unavailable = Rate(name, value) },
                "cut" => spec with { Cut = Rate(name, value) },
                "cutside" => spec with { CutSide = Side(value) },
                "batchwrite" => spec with { BatchWriteContention = Rate(name, value) },
                "slow" => spec with { Slow = Rate(name, value) },
                "slowms" => spec with { SlowMilliseconds = Count(name, value) },
                "stall" => spec with { Stall = Rate(name, value) },
                "stallat" => spec with { StallAt = StallPlace(value) },
                "expire" => spec with { ExpireSeconds = Count(name, value) },
                "count" => spec with { MaxFaults = Count(name, value) },
                "routes" => spec with { Routes = value.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "oauth" => spec with { IncludeOAuth = Count(name, value) != 0 },
                _ => throw new FormatException(
                    $"Unknown fault '{name}'. Known: 429, 429text, 429write, retryafter, after, 503, cut, cutside, batchwrite, slow, slowms, stall, stallat, expire, count, routes, oauth."),
            };
        }
        var total = spec.RateLimitJson + spec.RateLimitText + spec.WriteContention + spec.Unavailable + spec.Cut + spec.Slow + spec.Stall;
        if (total > 1 + 1e-9) throw new FormatException($"The fault rates add up to {total:0.###}; at most 1 is possible.");
        return spec;
    }

    public override string ToString()
    {
        if (IsNone) return "none";
        var parts = new List<string>();
        void Add(string name, double rate)
        {
            if (rate > 0) parts.Add($"{name}={rate.ToString(CultureInfo.InvariantCulture)}");
        }
        Add("429", RateLimitJson);
        Add("429text", RateLimitText);
        Add("429write", WriteContention);
        if (RateLimitJson + RateLimitText + WriteContention > 0)
        {
            parts.Add($"retryafter={RetryAfterShare.ToString(CultureInfo.InvariantCulture)}");
            parts.Add($"after={RetryAfterSeconds}");
        }
        Add("503", Unavailable);
        Add("cut", Cut);
        if (CutSide is not null) parts.Add($"cutside={CutSide}");
        Add("batchwrite", BatchWriteContention);
        Add("slow", Slow);
        if (Slow > 0) parts.Add($"slowms={SlowMilliseconds}");
        Add("stall", Stall);
        if (StallAt is not null) parts.Add($"stallat={StallAt}");
        if (ExpireSeconds is int expire) parts.Add($"expire={expire}");
        if (MaxFaults is int count) parts.Add($"count={count}");
        if (Routes is not null) parts.Add("routes=" + string.Join('|', Routes));
        if (IncludeOAuth) parts.Add("oauth=1");
        return string.Join(',', parts);
    }

    private static string Side(string value) =>
        value is "request" or "response" ? value : throw new FormatException($"cutside must be request or response, not '{value}'.");

    private static string StallPlace(string value) =>
        value is "answer" or "body" ? value : throw new FormatException($"stallat must be answer or body, not '{value}'.");

    private static double Rate(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate is >= 0 and <= 1
            ? rate
            : throw new FormatException($"Fault '{name}' needs a rate between 0 and 1, not '{value}'.");

    private static int Count(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"Fault '{name}' needs a whole number, not '{value}'.");
}
