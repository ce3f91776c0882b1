using System.Net;
using System.Text;

namespace PSDropbox.Tests.Unit.Transport;

/// <summary>
/// Stands in for the socket handler: answers each attempt with the next scripted step (a response or an exception)
/// and records what was sent, so retry behaviour is tested without a network or a clock.
/// </summary>
internal sealed class ScriptedSocket : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _steps = new();

    public List<string> SentBodies { get; } = [];
    public List<string?> SentAuthorization { get; } = [];
    public int Calls => SentBodies.Count;

    public ScriptedSocket Then(Func<HttpRequestMessage, HttpResponseMessage> step)
    {
        _steps.Enqueue(step);
        return this;
    }

    public ScriptedSocket Then(HttpStatusCode status, string body = "null", string mediaType = "application/json", TimeSpan? retryAfter = null) =>
        Then(_ => Response(status, body, mediaType, retryAfter));

    public ScriptedSocket ThenThrow(Exception e) => Then(_ => throw e);

    public ScriptedSocket Always(HttpStatusCode status, string body = "null", string mediaType = "text/plain")
    {
        for (var i = 0; i < 100; i++) Then(status, body, mediaType);
        return this;
    }

    public static HttpResponseMessage Response(HttpStatusCode status, string body, string mediaType = "application/json", TimeSpan? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        response.Headers.TryAddWithoutValidation("X-Dropbox-Request-Id", "req" + Guid.NewGuid().ToString("N")[..8]);
        if (retryAfter is TimeSpan after) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(after);
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        SentBodies.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
        SentAuthorization.Add(request.Headers.Authorization?.ToString());
        if (_steps.Count == 0) throw new InvalidOperationException($"No scripted answer left for attempt {Calls}.");
        return _steps.Dequeue()(request);
    }
}

/// <summary>A response body that breaks after a few bytes, like a connection cut mid-body.</summary>
internal sealed class BrokenContent : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes("{\"entr"));
        throw new IOException("The response ended prematurely.");
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
