using System.Net;

namespace PSDropbox.Transport;

/// <summary>
/// Repeats a request after a transient failure (dropbox-api-v2.md §1.5, §6): 429 (waiting as long as the server asks),
/// 409 too_many_write_operations, 408/5xx, lost connections and timeouts (exponential backoff with jitter), within one
/// <see cref="RetrySchedule"/> of the policy. A server that cannot be reached at all gets only the policy's short window.
/// Only bodies that can be sent again are repeated, and requests marked not idempotent only when the server certainly
/// did not run them (429, contention, or nothing sent at all). The first retry after a connection failure is a warning
/// (<see cref="HttpLog.Warn"/>), so a person sees why nothing happens; every wait honours cancellation.
/// </summary>
internal sealed class RetryHandler : DelegatingHandler
{
    private readonly Func<RetryPolicy> _policy;

    public RetryHandler(Func<RetryPolicy> policy, HttpMessageHandler inner) : base(inner) => _policy = policy;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var repeatable = request.HasReplayableBody();
        var idempotent = !request.IsNotIdempotent();
        var schedule = _policy().Start();
        var waited = TimeSpan.Zero;
        while (true)
        {
            request.SetAttempt(new HttpAttempt(schedule.Retries, waited));
            HttpResponseMessage response;
            TimeSpan? wait;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
            {
                var unreachable = RetryPolicy.IsUnreachable(e);
                var nothingSent = unreachable || e is TransferStalledException { NothingSent: true };
                wait = repeatable && (idempotent || nothingSent) ? schedule.Next(null, unreachable) : null;
                if (wait is null) throw;
                if (schedule.Retries == 1) HttpLog.Warn(Warning(request, e, unreachable, schedule.Policy));
                await schedule.DelayAsync(wait.Value, cancellationToken).ConfigureAwait(false);
                waited = wait.Value;
                continue;
            }

            wait = repeatable ? await RetryWaitAsync(response, schedule, idempotent).ConfigureAwait(false) : null;
            if (wait is null) return response;
            response.Dispose();
            await schedule.DelayAsync(wait.Value, cancellationToken).ConfigureAwait(false);
            waited = wait.Value;
        }
    }

    private static async Task<TimeSpan?> RetryWaitAsync(HttpResponseMessage response, RetrySchedule schedule, bool idempotent)
    {
        var status = response.StatusCode;
        if ((int)status == 429)
            return schedule.Next(RetryPolicy.ServerRetryAfter(response, await BodyAsync(response).ConfigureAwait(false)));
        if (status == HttpStatusCode.Conflict)
            return RetryPolicy.IsWriteContention(status, await BodyAsync(response).ConfigureAwait(false)) ? schedule.Next() : null;
        if (idempotent && RetryPolicy.IsTransientStatus(status))
            return schedule.Next(RetryPolicy.ServerRetryAfter(response, null));
        return null;
    }

    private static Task<string> BodyAsync(HttpResponseMessage response) =>
        response.Content is null ? Task.FromResult("") : response.Content.ReadAsStringAsync();

    /// <summary>The connection failed, broke or stalled (not our own cancellation): the request may or may not have run.</summary>
    private static bool IsConnectionFailure(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && (e is HttpRequestException || e is IOException || e is OperationCanceledException || e is TimeoutException) &&
        !RetryPolicy.IsProxyAuthenticationFailure(e);

    private static string Warning(HttpRequestMessage request, Exception e, bool unreachable, RetryPolicy policy)
    {
        var host = request.RequestUri?.GetLeftPart(UriPartial.Authority) ?? "Dropbox";
        if (unreachable)
            return $"Cannot reach {host} ({Innermost(e).Message}); trying again for up to {policy.UnreachableWindow.TotalSeconds:0.#} s.";
        var why = e is TransferStalledException stalled ? stalled.Message : $"The connection to {host} failed ({Innermost(e).Message}).";
        return $"{request.GetRoute()}: {why} Trying again (at most {policy.MaxAttempts} attempts, {policy.MaxElapsed.TotalMinutes:0.#} min).";
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null && e is not TransferStalledException) e = e.InnerException;
        return e;
    }
}
