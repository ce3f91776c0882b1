using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PSDropbox.Client.Wire;
using PSDropbox.Transport;

namespace PSDropbox.Client;

/// <summary>Sends a route call (as its client's <see cref="ClientScope"/> says) and turns every non-success answer into a typed DropboxException.</summary>
internal sealed class ApiCaller
{
    private readonly ClientScope _scope;

    public ApiCaller(DropboxTransport transport, ClientScope? scope = null)
    {
        Transport = transport;
        _scope = scope ?? ClientScope.None;
    }

    public DropboxTransport Transport { get; }

    /// <summary>An RPC call; a commit (<paramref name="idempotent"/> false) is not repeated by the transport after an ambiguous failure.</summary>
    public Task<TResult> RpcAsync<TArg, TResult>(string route, TArg arg, JsonTypeInfo<TArg> argInfo, JsonTypeInfo<TResult> resultInfo,
        CancellationToken cancellationToken, bool idempotent = true)
    {
        var request = Transport.CreateRpcRequest(route, JsonSerializer.SerializeToUtf8Bytes(arg, argInfo));
        if (!idempotent) request.SetNotIdempotent();
        return SendRpcAsync(request, route, resultInfo, cancellationToken);
    }

    public Task<TResult> RpcAsync<TResult>(string route, JsonTypeInfo<TResult> resultInfo, CancellationToken cancellationToken) =>
        RpcCoreAsync(route, null, resultInfo, cancellationToken);

    /// <summary>
    /// RPC on the notify host, sent without Authorization (Dropbox answers 400 if it has one): files/list_folder/longpoll,
    /// whose answer may rightly take <paramref name="answerWithin"/> (the operation timeout is stretched to cover it).
    /// </summary>
    public Task<TResult> NotifyAsync<TArg, TResult>(string route, TArg arg, JsonTypeInfo<TArg> argInfo, JsonTypeInfo<TResult> resultInfo,
        TimeSpan answerWithin, CancellationToken cancellationToken)
    {
        var request = Transport.CreateRpcRequest(route, JsonSerializer.SerializeToUtf8Bytes(arg, argInfo), notifyHost: true);
        request.SetNoAuth();
        request.SetMinimumOperationTimeout(answerWithin);
        return SendRpcAsync(request, route, resultInfo, cancellationToken);
    }

    /// <summary>A route with a Void argument and a Void (null) result, e.g. auth/token/revoke.</summary>
    public async Task RpcVoidAsync(string route, CancellationToken cancellationToken)
    {
        using var request = Transport.CreateRpcRequest(route, null);
        using var response = await SendAsync(request, route, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, route).ConfigureAwait(false);
    }

    private Task<TResult> RpcCoreAsync<TResult>(string route, byte[]? arg, JsonTypeInfo<TResult> resultInfo, CancellationToken cancellationToken) =>
        SendRpcAsync(Transport.CreateRpcRequest(route, arg), route, resultInfo, cancellationToken);

    private async Task<TResult> SendRpcAsync<TResult>(HttpRequestMessage ownedRequest, string route, JsonTypeInfo<TResult> resultInfo,
        CancellationToken cancellationToken)
    {
        using var request = ownedRequest;
        using var response = await SendAsync(request, route, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, route).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return JsonSerializer.Deserialize(body, resultInfo)
               ?? throw new DropboxServerException(route, response.StatusCode, "empty result", RequestId(response));
    }

    /// <summary>
    /// Upload style: the argument in Dropbox-API-Arg, <paramref name="body"/> as the raw request body. A commit
    /// (<paramref name="idempotent"/> false) is not repeated by the transport after an ambiguous failure.
    /// </summary>
    public async Task<TResult> UploadAsync<TArg, TResult>(string route, TArg arg, JsonTypeInfo<TArg> argInfo, HttpContent body,
        JsonTypeInfo<TResult> resultInfo, CancellationToken cancellationToken, bool idempotent = true)
    {
        using var request = Transport.CreateUploadRequest(route, JsonSerializer.Serialize(arg, argInfo), body);
        if (!idempotent) request.SetNotIdempotent();
        using var response = await SendAsync(request, route, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, route).ConfigureAwait(false);
        var result = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return JsonSerializer.Deserialize(result, resultInfo)
               ?? throw new DropboxServerException(route, response.StatusCode, "empty result", RequestId(response));
    }

    /// <summary>Upload style with a Void result (the body <c>null</c>).</summary>
    public async Task UploadAsync<TArg>(string route, TArg arg, JsonTypeInfo<TArg> argInfo, HttpContent body, CancellationToken cancellationToken)
    {
        using var request = Transport.CreateUploadRequest(route, JsonSerializer.Serialize(arg, argInfo), body);
        using var response = await SendAsync(request, route, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        await ThrowIfFailedAsync(response, route).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends with network failures mapped to DropboxConnectionException and timeouts to DropboxTimeoutException (after
    /// the transport's retries); cancellation stays cancellation.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string route, HttpCompletionOption completion,
        CancellationToken cancellationToken)
    {
        _scope.ApplyTo(request);
        HttpResponseMessage response;
        try
        {
            response = await Transport.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && NetworkFailure(e, route, request) is { } failure)
        {
            throw failure;
        }
        if ((int)response.StatusCode == 422 && response.Content is not null)
        {
            // Read once to learn a changed root, and keep the body for the caller's error.
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            _scope.Observe422(body);
            var mediaType = response.Content.Headers.ContentType;
            response.Content = new StringContent(body);
            response.Content.Headers.ContentType = mediaType;
        }
        return response;
    }

    /// <summary>The Dropbox exception for a failed exchange (or a body that broke while being read); null if <paramref name="e"/> is no network failure.</summary>
    internal static DropboxException? NetworkFailure(Exception e, string route, HttpRequestMessage request) =>
        NetworkFailure(e, route, request.RequestUri!, request.GetAttempt().Retry + 1);

    internal static DropboxException? NetworkFailure(Exception e, string route, Uri endpoint, int attempts)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is TransferStalledException stalled) return new DropboxTimeoutException(route, endpoint, stalled, attempts);
        }
        if (RetryPolicy.IsProxyAuthenticationFailure(e)) return new DropboxProxyException(route, e);
        return e is HttpRequestException or IOException or OperationCanceledException ? new DropboxConnectionException(route, endpoint, e) : null;
    }

    public static async Task ThrowIfFailedAsync(HttpResponseMessage response, string route)
    {
        if (response.IsSuccessStatusCode) return;
        var text = response.Content is null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        throw Decode(route, response, text);
    }

    internal static DropboxException Decode(string route, HttpResponseMessage response, string text)
    {
        var requestId = RequestId(response);
        var status = response.StatusCode;
        switch ((int)status)
        {
            case 400:
                return TeamAccessException.FromBadRequest(text) is { } team
                    ? new TeamAccessException(team, route)
                    : new DropboxBadRequestException(route, text, requestId);
            case 401:
                return new DropboxAuthException(route, FirstTag(text) ?? "invalid_access_token", requestId);
            case 407:
                return new DropboxProxyException(route);
            case 429:
                var retryAfter = RetryPolicy.ServerRetryAfter(response, text) ?? TimeSpan.FromSeconds(5);
                var reason = text.IndexOf("too_many_write_operations", StringComparison.Ordinal) >= 0 ? "too_many_write_operations" : "too_many_requests";
                return new DropboxRateLimitException(route, reason, retryAfter, requestId);
        }
        if ((status == HttpStatusCode.Conflict || status == HttpStatusCode.Forbidden || status == HttpStatusCode.NotFound || (int)status == 422)
            && TryParseEnvelope(text) is { } envelope)
        {
            return new DropboxApiException(route, status, envelope.ErrorSummary ?? "", ErrorSummary.ParseTags(envelope.ErrorSummary),
                envelope.UserMessage?.Text, requestId, ErrorMember(text));
        }
        return new DropboxServerException(route, status, text, requestId);
    }

    internal static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Dropbox-Request-Id", out var ids) ? ids.FirstOrDefault() : null;

    private static ErrorEnvelope? TryParseEnvelope(string text)
    {
        try { return JsonSerializer.Deserialize(text, WireJson.Default.ErrorEnvelope); }
        catch (JsonException) { return null; }
    }

    private static string? ErrorMember(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("error", out var error) ? error.GetRawText() : null;
        }
        catch (JsonException) { return null; }
    }

    private static string? FirstTag(string text) => TryParseEnvelope(text) is { } e ? ErrorSummary.ParseTags(e.ErrorSummary).FirstOrDefault() : null;
}
