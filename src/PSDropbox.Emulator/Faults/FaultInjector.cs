using System.Diagnostics;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Faults;

/// <summary>
/// Middleware that injects the faults of the current <see cref="FaultSpec"/> into API routes (never into /_emulator),
/// and delays every request but /_emulator ones by the configured latency (a real round trip, for tests and benchmarks).
/// Decisions depend only on the seed and the order in which faultable requests arrive, so a run is reproducible.
/// What was injected is recorded in the request log (and in <see cref="Injected"/>).
/// </summary>
public sealed class FaultInjector
{
    internal const string ItemKey = "PSDropbox.Fault";
    private readonly Lock _lock = new();
    private FaultSpec _spec = FaultSpec.None;
    private int _seed;
    private long _requests;
    private int _injected;
    private TimeSpan _latency;
    private TimeSpan _latencyJitter;

    internal FaultInjector(FaultSpec spec, int? seed) => Set(spec, seed);

    public FaultSpec Spec
    {
        get
        {
            lock (_lock) return _spec;
        }
    }

    public int Seed
    {
        get
        {
            lock (_lock) return _seed;
        }
    }

    /// <summary>Delay added to every request (but /_emulator ones) before it is handled.</summary>
    public TimeSpan Latency
    {
        get
        {
            lock (_lock) return _latency;
        }
    }

    /// <summary>Up to this much more delay, at random, per request.</summary>
    public TimeSpan LatencyJitter
    {
        get
        {
            lock (_lock) return _latencyJitter;
        }
    }

    /// <summary>Sets the delay of every request (--latency, --latency-jitter, or POST /_emulator/faults latency_ms / latency_jitter_ms).</summary>
    public void SetLatency(TimeSpan latency, TimeSpan jitter)
    {
        if (latency < TimeSpan.Zero || jitter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(latency), "Latency and jitter cannot be negative.");
        lock (_lock)
        {
            _latency = latency;
            _latencyJitter = jitter;
        }
    }

    /// <summary>How many faults were injected since the spec was last set.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>Replaces the spec and restarts the deterministic sequence (a random seed when none is given).</summary>
    public void Set(FaultSpec spec, int? seed = null)
    {
        lock (_lock)
        {
            _spec = spec;
            _seed = seed ?? Random.Shared.Next();
            _requests = 0;
            _injected = 0;
        }
    }

    internal async Task InvokeAsync(HttpContext http, Func<Task> next, TokenStore tokens, RequestLog log)
    {
        await DelayAsync(http).ConfigureAwait(false);
        var spec = Spec;
        var route = FaultableRoute(http.Request.Path, spec);
        var fault = route is null ? null : ExpiredToken(http, tokens, spec) ?? Decide();
        if (fault is null)
        {
            if (route is "files/copy_batch_v2" or "files/move_batch_v2" or "files/delete_batch" or "files/upload_session/finish_batch_v2" && spec.BatchWriteContention > 0)
                http.Items[BatchEntryFaults.ItemKey] = new BatchEntryFaults(spec.BatchWriteContention, NextRandom(), this);
            await next().ConfigureAwait(false);
            return;
        }
        Interlocked.Increment(ref _injected);
        if (fault.Kind == "stall")
        {
            await StallAsync(http, next, route!, fault, log).ConfigureAwait(false);
            return;
        }
        if (fault.Kind is "cut" or "slow")
        {
            if (fault.Kind == "cut") Cut(http, fault);
            else http.Response.Body = new StallingStream(http.Response.Body, TimeSpan.FromMilliseconds(fault.Spec.SlowMilliseconds), http.RequestAborted);
            http.Items[ItemKey] = fault; // the API endpoint logs the request with it (ToString, once the cut point is known)
            await next().ConfigureAwait(false);
            return;
        }
        var clock = Stopwatch.StartNew();
        await WriteRefusalAsync(http, route!, fault).ConfigureAwait(false);
        log.Add(http.Request.Method, route!, http.Response.StatusCode, clock.ElapsedMilliseconds, fault.Describe());
    }

    private static string? FaultableRoute(PathString path, FaultSpec spec)
    {
        string? route = path.StartsWithSegments("/2", out var rest) ? rest.Value?.TrimStart('/')
            : spec.IncludeOAuth && path.StartsWithSegments("/oauth2") ? path.Value!.TrimStart('/') : null;
        if (string.IsNullOrEmpty(route)) return null;
        return spec.Routes is null || spec.Routes.Contains(route, StringComparer.Ordinal) ? route : null;
    }

    /// <summary>One generator per request, seeded by (seed, arrival number): reproducible without sharing state between requests.</summary>
    private Random NextRandom()
    {
        lock (_lock) return new Random(Mix(_seed, ++_requests));
    }

    /// <summary>
    /// A seed per request, with its bits mixed (SplitMix64's finalizer). System.Random's first draws for nearby seeds are
    /// nearly equal (0.034, 0.079, 0.124, 0.169 for seeds two apart), so with arrival numbers as seeds a request that met a
    /// fault made the next ones likely to meet it too: a retried batch entry was contended until its retries ran out.
    /// </summary>
    private static int Mix(int seed, long request)
    {
        unchecked
        {
            var z = (ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)request;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (int)(z ^ (z >> 31));
        }
    }

    internal void CountInjected(int count) => Interlocked.Add(ref _injected, count);

    private Fault? Decide()
    {
        var spec = Spec;
        if (spec.IsNone || (spec.MaxFaults is int max && Injected >= max)) return null;
        var random = NextRandom();
        var draw = random.NextDouble();
        var withRetryAfter = random.NextDouble() < spec.RetryAfterShare;
        var position = random.NextDouble();
        foreach (var (kind, rate) in new[]
                 {
                     ("429", spec.RateLimitJson), ("429text", spec.RateLimitText), ("429write", spec.WriteContention),
                     ("503", spec.Unavailable), ("cut", spec.Cut), ("slow", spec.Slow), ("stall", spec.Stall),
                 })
        {
            if (draw < rate) return new Fault(kind, spec, position, withRetryAfter);
            draw -= rate;
        }
        return null;
    }

    /// <summary>An expiring token is refused once <see cref="FaultSpec.ExpireSeconds"/> have passed since it was issued.</summary>
    private static Fault? ExpiredToken(HttpContext http, TokenStore tokens, FaultSpec spec)
    {
        if (spec.ExpireSeconds is not int seconds) return null;
        var value = http.Request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!value.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return null;
        var issued = tokens.ExpiringTokenIssuedAt(value[bearer.Length..].Trim());
        return issued is long at && EmulatorClock.WallNow() - at >= seconds ? new Fault("expire", spec, 0, false) : null;
    }

    private async Task DelayAsync(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments("/_emulator")) return;
        TimeSpan latency, jitter;
        lock (_lock) (latency, jitter) = (_latency, _latencyJitter);
        if (jitter > TimeSpan.Zero) latency += TimeSpan.FromTicks((long)(jitter.Ticks * Random.Shared.NextDouble()));
        if (latency <= TimeSpan.Zero) return;
        try
        {
            await Task.Delay(latency, http.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the client went away meanwhile; the handler below notices
        }
    }

    /// <summary>
    /// Goes silent until the client gives up: after reading the request, without answering (logged with status 499), or in
    /// the middle of the answer's body. (The request is always read to its end: a server that stops reading never learns
    /// that the client left.)
    /// </summary>
    private static async Task StallAsync(HttpContext http, Func<Task> next, string route, Fault fault, RequestLog log)
    {
        fault.StallAt = fault.Spec.StallAt ?? (fault.Position < 0.5 ? "answer" : "body");
        if (fault.StallAt == "body")
        {
            http.Response.Body = new StallingStream(http.Response.Body, Timeout.InfiniteTimeSpan, http.RequestAborted);
            http.Items[ItemKey] = fault;
            await next().ConfigureAwait(false);
            return;
        }
        var clock = Stopwatch.StartNew();
        try
        {
            await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted).ConfigureAwait(false);
            await Task.Delay(Timeout.InfiniteTimeSpan, http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // the client gave up: that is the only way a stall ends
        }
        finally
        {
            log.Add(http.Request.Method, route, 499, clock.ElapsedMilliseconds, fault.Describe());
        }
    }

    private static void Cut(HttpContext http, Fault fault)
    {
        var requestLength = http.Request.ContentLength ?? 0;
        var side = fault.Spec.CutSide ?? (requestLength > 0 && fault.Position < 0.5 ? "request" : "response");
        // The position in [0, 1) picks the cut point; when it also picked the side, each half of it maps onto one side.
        var share = fault.Spec.CutSide is not null || requestLength == 0 ? fault.Position : fault.Position % 0.5 * 2;
        if (side == "request" && requestLength > 0)
        {
            fault.CutSide = "request";
            http.Request.Body = new CuttingStream(http.Request.Body, () => (fault.CutAfter = (long)(share * requestLength)).Value, http, readSide: true);
        }
        else
        {
            fault.CutSide = "response";
            // Within the body when its length is announced, else within its first 64 KiB.
            http.Response.Body = new CuttingStream(http.Response.Body, () => (fault.CutAfter = (long)(share * (http.Response.ContentLength ?? 65536))).Value,
                http, readSide: false);
        }
    }

    private static Task WriteRefusalAsync(HttpContext http, string route, Fault fault)
    {
        var after = fault.Spec.RetryAfterSeconds;
        if (fault.Kind.StartsWith("429", StringComparison.Ordinal) && fault.WithRetryAfter)
            http.Response.Headers.RetryAfter = after.ToString(System.Globalization.CultureInfo.InvariantCulture);
        switch (fault.Kind)
        {
            case "429text":
                return Http.WriteTextAsync(http, 429, "Too Many Requests");
            case "503":
                return Http.WriteTextAsync(http, 503, $"Service temporarily unavailable (injected fault in {route})");
            case "expire":
                return new AuthErrorException("expired_access_token").WriteAsync(http);
        }
        var reason = fault.Kind == "429write" ? "too_many_write_operations" : "too_many_requests";
        return Http.WriteJsonAsync(http, 429, w =>
        {
            w.WriteStartObject();
            w.WriteString("error_summary", reason + "/");
            w.WriteStartObject("error");
            w.WriteStartObject("reason");
            w.WriteString(".tag", reason);
            w.WriteEndObject();
            if (fault.WithRetryAfter) w.WriteNumber("retry_after", after);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private sealed class Fault(string kind, FaultSpec spec, double position, bool withRetryAfter)
    {
        public string Kind { get; } = kind;
        public FaultSpec Spec { get; } = spec;
        public double Position { get; } = position;
        public bool WithRetryAfter { get; } = withRetryAfter;
        public string? CutSide { get; set; }
        public long? CutAfter { get; set; }
        public string? StallAt { get; set; }

        public override string ToString() => Describe();

        public string Describe() => Kind switch
        {
            "cut" => $"cut-{CutSide}@{(CutAfter is long at ? at : "-")}",
            "stall" => $"stall-{StallAt}",
            "429" or "429text" or "429write" => WithRetryAfter ? $"{Kind}+retry-after" : Kind,
            _ => Kind,
        };
    }
}
