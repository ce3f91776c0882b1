using System.Diagnostics;

namespace PSDropbox.Transport;

/// <summary>Writes one line per HTTP attempt: route, status, duration and request id. Never headers or bodies.</summary>
internal sealed class LoggingHandler : DelegatingHandler
{
    public LoggingHandler(HttpMessageHandler inner) : base(inner) { }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var requestId = response.Headers.TryGetValues("X-Dropbox-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
            HttpLog.Write($"{request.Method} {request.GetRoute()} -> {(int)response.StatusCode} {response.ReasonPhrase} in {watch.ElapsedMilliseconds} ms" +
                          (requestId is null ? "" : $" (request id {requestId})"));
            return response;
        }
        catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException || e is IOException)
        {
            var what = e is TaskCanceledException && cancellationToken.IsCancellationRequested ? "cancelled" : "failed: " + e.Message;
            HttpLog.Write($"{request.Method} {request.GetRoute()} -> {what} after {watch.ElapsedMilliseconds} ms");
            throw;
        }
    }
}
