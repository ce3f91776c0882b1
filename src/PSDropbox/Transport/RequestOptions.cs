namespace PSDropbox.Transport;

/// <summary>Per-request flags carried in HttpRequestMessage.Properties between handlers.</summary>
internal static class RequestOptions
{
    private const string RouteKey = "PSDropbox.Route";
    private const string NoAuthKey = "PSDropbox.NoAuth";
    private const string StreamedResponseKey = "PSDropbox.StreamedResponse";
    private const string NotIdempotentKey = "PSDropbox.NotIdempotent";
    private const string ReplayableBodyKey = "PSDropbox.ReplayableBody";
    private const string AttemptKey = "PSDropbox.Attempt";
    private const string MinimumOperationTimeoutKey = "PSDropbox.MinimumOperationTimeout";

    public static void SetRoute(this HttpRequestMessage request, string route) => request.Properties[RouteKey] = route;

    public static string GetRoute(this HttpRequestMessage request) =>
        request.Properties.TryGetValue(RouteKey, out var v) && v is string s ? s : request.RequestUri?.AbsolutePath ?? "";

    public static void SetNoAuth(this HttpRequestMessage request) => request.Properties[NoAuthKey] = true;

    public static bool IsNoAuth(this HttpRequestMessage request) => request.Properties.ContainsKey(NoAuthKey);

    /// <summary>The caller reads a successful response's body as a stream (downloads): the transport must not buffer it.</summary>
    public static void SetStreamedResponse(this HttpRequestMessage request) => request.Properties[StreamedResponseKey] = true;

    public static bool IsStreamedResponse(this HttpRequestMessage request) => request.Properties.ContainsKey(StreamedResponseKey);

    /// <summary>
    /// Running the request twice could give a different outcome (simple upload, upload_session/finish, append,
    /// anything with autorename). The transport then retries it only when the server certainly did not run it
    /// (429, too_many_write_operations); after an ambiguous failure (connection lost, 5xx) the caller must
    /// check what happened before trying again.
    /// </summary>
    public static void SetNotIdempotent(this HttpRequestMessage request) => request.Properties[NotIdempotentKey] = true;

    public static bool IsNotIdempotent(this HttpRequestMessage request) => request.Properties.ContainsKey(NotIdempotentKey);

    /// <summary>Declares a body that can be sent again (e.g. a StreamContent over a seekable buffer the caller owns).</summary>
    public static void SetReplayableBody(this HttpRequestMessage request) => request.Properties[ReplayableBodyKey] = true;

    /// <summary>Bodies built in memory (and bodies declared replayable) can be sent again; other streams cannot.</summary>
    public static bool HasReplayableBody(this HttpRequestMessage request) =>
        request.Content is null || request.Content is ByteArrayContent || request.Properties.ContainsKey(ReplayableBodyKey);

    /// <summary>A request that may rightly stay silent this long (a longpoll) is not timed out sooner.</summary>
    public static void SetMinimumOperationTimeout(this HttpRequestMessage request, TimeSpan timeout) => request.Properties[MinimumOperationTimeoutKey] = timeout;

    public static TimeSpan? GetMinimumOperationTimeout(this HttpRequestMessage request) =>
        request.Properties.TryGetValue(MinimumOperationTimeoutKey, out var v) && v is TimeSpan t ? t : null;

    internal static void SetAttempt(this HttpRequestMessage request, HttpAttempt attempt) => request.Properties[AttemptKey] = attempt;

    /// <summary>The attempt in flight, or the last one once the send has finished.</summary>
    public static HttpAttempt GetAttempt(this HttpRequestMessage request) =>
        request.Properties.TryGetValue(AttemptKey, out var v) && v is HttpAttempt a ? a : HttpAttempt.First;
}

/// <summary>Which try of a request this is: Retry 0 is the first attempt; WaitedBefore is the pause that preceded it.</summary>
internal sealed record HttpAttempt(int Retry, TimeSpan WaitedBefore)
{
    public static readonly HttpAttempt First = new(0, TimeSpan.Zero);
}
