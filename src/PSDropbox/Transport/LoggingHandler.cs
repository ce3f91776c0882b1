using System.Diagnostics;

namespace PSDropbox.Transport;

/// <summary>
/// Writes one line per HTTP attempt: route, status, duration, request id and, for a retry, its number and the wait
/// before it. Never headers or bodies.
/// </summary>
internal sealed class LoggingHandler : DelegatingHandler
{
    public LoggingHandler(HttpMessageHandler inner) : base(inner) { }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            // An attempt ends once its body has arrived (streamed downloads excepted): the line then reports a connection
            // cut inside the body, and the retry handler above can repeat the request instead of the caller failing later.
            if (response.Content is not null && (!response.IsSuccessStatusCode || !request.IsStreamedResponse()))
                await BufferAsync(response, cancellationToken).ConfigureAwait(false);
            var requestId = response.Headers.TryGetValues("X-Dropbox-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
            var details = new[] { requestId is null ? null : "request id " + requestId, RetryText(request) }.Where(d => d is not null);
            HttpLog.Write($"{request.Method} {request.GetRoute()} -> {(int)response.StatusCode} {response.ReasonPhrase} in {watch.ElapsedMilliseconds} ms" +
                          (details.Any() ? $" ({string.Join(", ", details)})" : ""));
            return response;
        }
        catch (Exception e) when (e is HttpRequestException || e is OperationCanceledException || e is IOException)
        {
            var what = e is OperationCanceledException && cancellationToken.IsCancellationRequested ? "cancelled" : "failed: " + e.Message;
            var retry = RetryText(request);
            HttpLog.Write($"{request.Method} {request.GetRoute()} -> {what} after {watch.ElapsedMilliseconds} ms{(retry is null ? "" : $" ({retry})")}");
            throw;
        }
    }

    /// <summary>
    /// netstandard2.0 has no cancellable LoadIntoBufferAsync, and disposing a response whose body stalls only ends the
    /// read once the handler's drain timeout passes: on Ctrl+C, stop waiting at once and let the abandoned read fail alone.
    /// </summary>
    private static async Task BufferAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var load = response.Content.LoadIntoBufferAsync();
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
        {
            if (await Task.WhenAny(load, cancelled.Task).ConfigureAwait(false) != load)
            {
                _ = load.ContinueWith(t => t.Exception, TaskScheduler.Default);
                response.Dispose();
                throw new OperationCanceledException("The request was cancelled.", cancellationToken);
            }
        }
        try
        {
            await load.ConfigureAwait(false);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static string? RetryText(HttpRequestMessage request)
    {
        var attempt = request.GetAttempt();
        return attempt.Retry == 0 ? null : $"retry {attempt.Retry} after {attempt.WaitedBefore.TotalSeconds:0.0} s";
    }
}
