using System.Diagnostics;
using System.Net;

namespace PSDropbox.Transport;

/// <summary>
/// Repeats a request after a transient failure (dropbox-api-v2.md §1.5, §6): 429 (waiting as long as the server
/// asks), 409 too_many_write_operations, 408/5xx and lost connections (exponential backoff with jitter), within the
/// policy's bounds on attempts and total time. Only bodies that can be sent again are repeated, and requests marked
/// not idempotent are repeated only when the server certainly did not run them. Every wait honours cancellation.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private readonly RetryPolicy _policy;

    public RetryHandler(RetryPolicy policy, HttpMessageHandler inner) : base(inner) => _policy = policy;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var repeatable = request.HasReplayableBody();
        var idempotent = !request.IsNotIdempotent();
        var clock = Stopwatch.StartNew();
        var waited = TimeSpan.Zero;
        for (var retry = 0; ; retry++)
        {
            request.SetAttempt(new HttpAttempt(retry, waited));
            HttpResponseMessage response;
            TimeSpan? wait;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
            {
                wait = repeatable && idempotent ? Next(retry + 1, clock.Elapsed, null) : null;
                if (wait is null) throw;
                await _policy.Delay(wait.Value, cancellationToken).ConfigureAwait(false);
                waited = wait.Value;
                continue;
            }

            wait = repeatable ? await RetryWaitAsync(response, retry + 1, clock.Elapsed, idempotent).ConfigureAwait(false) : null;
            if (wait is null) return response;
            response.Dispose();
            await _policy.Delay(wait.Value, cancellationToken).ConfigureAwait(false);
            waited = wait.Value;
        }
    }

    private async Task<TimeSpan?> RetryWaitAsync(HttpResponseMessage response, int retry, TimeSpan elapsed, bool idempotent)
    {
        var status = response.StatusCode;
        if ((int)status == 429)
            return Next(retry, elapsed, RetryPolicy.ServerRetryAfter(response, await BodyAsync(response).ConfigureAwait(false)));
        if (status == HttpStatusCode.Conflict)
            return RetryPolicy.IsWriteContention(status, await BodyAsync(response).ConfigureAwait(false)) ? Next(retry, elapsed, null) : null;
        if (idempotent && RetryPolicy.IsTransientStatus(status))
            return Next(retry, elapsed, RetryPolicy.ServerRetryAfter(response, null));
        return null;
    }

    /// <summary>The wait before this retry, or null when the policy's bounds are used up.</summary>
    private TimeSpan? Next(int retry, TimeSpan elapsed, TimeSpan? serverAsked)
    {
        var wait = serverAsked ?? _policy.Backoff(retry);
        return _policy.Allows(retry, elapsed, wait) ? wait : null;
    }

    private static Task<string> BodyAsync(HttpResponseMessage response) =>
        response.Content is null ? Task.FromResult("") : response.Content.ReadAsStringAsync();

    /// <summary>The connection failed or broke (not our own cancellation): the request may or may not have run.</summary>
    private static bool IsConnectionFailure(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && (e is HttpRequestException || e is IOException || e is OperationCanceledException);
}
