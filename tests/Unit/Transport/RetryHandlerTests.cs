using System.Net;
using System.Text;
using PSDropbox.Client;
using PSDropbox.Transport;

namespace PSDropbox.Tests.Unit.Transport;

public class RetryHandlerTests
{
    private const string Token = "sl.secret-token-for-retry-tests";
    private const string FolderJson = "{\".tag\":\"folder\",\"name\":\"a\",\"path_lower\":\"/a\",\"path_display\":\"/a\",\"id\":\"id:abc\"}";

    private readonly List<TimeSpan> _waits = [];
    private readonly List<string> _log = [];

    /// <summary>Jitter fixed at 0 (the backoff before retry n is then exactly BaseDelay * 2^(n-1) / 2); waits are recorded, not slept.</summary>
    private RetryPolicy Policy(int maxAttempts = 8, TimeSpan? maxElapsed = null) => new()
    {
        MaxAttempts = maxAttempts,
        MaxElapsed = maxElapsed ?? TimeSpan.FromMinutes(5),
        NextRandom = () => 0,
        Delay = (wait, _) =>
        {
            _waits.Add(wait);
            return Task.CompletedTask;
        },
    };

    private DropboxTransport Transport(ScriptedSocket socket, RetryPolicy? policy = null)
    {
        HttpLog.Sink = _log.Add;
        return new DropboxTransport(DropboxEndpoints.SingleBase(new Uri("http://127.0.0.1:9/")), new StaticTokenSource(Token), socket, new TransportSettings { Retry = policy ?? Policy() });
    }

    private static async Task<HttpResponseMessage> SendRpc(DropboxTransport transport, string route = "files/get_metadata", string arg = "{\"path\":\"/a\"}",
        Action<HttpRequestMessage>? configure = null, CancellationToken cancellationToken = default)
    {
        var request = transport.CreateRpcRequest(route, Encoding.UTF8.GetBytes(arg));
        configure?.Invoke(request);
        return await transport.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    [Fact]
    public async Task A_429_waits_exactly_the_Retry_After_header_then_succeeds()
    {
        var socket = new ScriptedSocket()
            .Then(HttpStatusCode.TooManyRequests, "{\"error_summary\":\"too_many_requests/..\",\"error\":{\"reason\":{\".tag\":\"too_many_requests\"},\"retry_after\":9}}", retryAfter: TimeSpan.FromSeconds(3))
            .Then(HttpStatusCode.OK, FolderJson);
        using var response = await SendRpc(Transport(socket));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, socket.Calls);
        Assert.Equal([TimeSpan.FromSeconds(3)], _waits);
    }

    [Fact]
    public async Task A_429_without_header_waits_the_body_retry_after()
    {
        var socket = new ScriptedSocket()
            .Then(HttpStatusCode.TooManyRequests, "{\"error_summary\":\"too_many_write_operations/.\",\"error\":{\"reason\":{\".tag\":\"too_many_write_operations\"},\"retry_after\":2}}")
            .Then(HttpStatusCode.OK, FolderJson);
        using var response = await SendRpc(Transport(socket));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(2)], _waits);
    }

    [Fact]
    public async Task A_plain_text_429_without_any_hint_backs_off_exponentially()
    {
        var socket = new ScriptedSocket()
            .Then(HttpStatusCode.TooManyRequests, "Too many requests", "text/plain")
            .Then(HttpStatusCode.TooManyRequests, "Too many requests", "text/plain")
            .Then(HttpStatusCode.TooManyRequests, "Too many requests", "text/plain")
            .Then(HttpStatusCode.OK, FolderJson);
        using var response = await SendRpc(Transport(socket));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], _waits);
    }

    [Fact]
    public void Backoff_jitter_stays_between_half_and_all_of_the_capped_exponential()
    {
        var high = new RetryPolicy { NextRandom = () => 0.999999 };
        Assert.InRange(high.Backoff(1), TimeSpan.FromSeconds(0.99), TimeSpan.FromSeconds(1));
        Assert.InRange(high.Backoff(4), TimeSpan.FromSeconds(7.99), TimeSpan.FromSeconds(8));
        Assert.Equal(TimeSpan.FromSeconds(15), new RetryPolicy { NextRandom = () => 0 }.Backoff(30));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task Transient_statuses_are_retried_with_backoff(HttpStatusCode status)
    {
        var socket = new ScriptedSocket().Then(status, "busy", "text/plain").Then(status, "busy", "text/plain").Then(HttpStatusCode.OK, FolderJson);
        using var response = await SendRpc(Transport(socket));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1)], _waits);
    }

    [Fact]
    public async Task A_503_with_Retry_After_waits_what_the_server_asked()
    {
        var socket = new ScriptedSocket().Then(HttpStatusCode.ServiceUnavailable, "down", "text/plain", TimeSpan.FromSeconds(4)).Then(HttpStatusCode.OK, FolderJson);
        using var response = await SendRpc(Transport(socket));
        Assert.Equal([TimeSpan.FromSeconds(4)], _waits);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "Error in call to API function \"files/get_metadata\": request body: path: 'a' did not match pattern", "text/plain")]
    [InlineData(HttpStatusCode.Conflict, "{\"error_summary\":\"path/conflict/file/..\",\"error\":{\".tag\":\"path\",\"path\":{\".tag\":\"conflict\",\"conflict\":{\".tag\":\"file\"}}}}", "application/json")]
    [InlineData(HttpStatusCode.Conflict, "{\"error_summary\":\"path/insufficient_space/\",\"error\":{\".tag\":\"path\",\"path\":{\".tag\":\"insufficient_space\"}}}", "application/json")]
    [InlineData(HttpStatusCode.Conflict, "{\"error_summary\":\"path/malformed_path/...\",\"error\":{\".tag\":\"path\",\"path\":{\".tag\":\"malformed_path\"}}}", "application/json")]
    [InlineData(HttpStatusCode.Conflict, "{\"error_summary\":\"path/not_found/\",\"error\":{\".tag\":\"path\",\"path\":{\".tag\":\"not_found\"}}}", "application/json")]
    [InlineData(HttpStatusCode.Unauthorized, "{\"error_summary\":\"invalid_access_token/\",\"error\":{\".tag\":\"invalid_access_token\"}}", "application/json")]
    [InlineData(HttpStatusCode.Forbidden, "{\"error_summary\":\"no_permission/\",\"error\":{\".tag\":\"no_permission\"}}", "application/json")]
    [InlineData(HttpStatusCode.NotImplemented, "not implemented", "text/plain")]
    public async Task Input_errors_and_conflicts_are_never_retried(HttpStatusCode status, string body, string mediaType)
    {
        var socket = new ScriptedSocket().Then(status, body, mediaType).Then(HttpStatusCode.OK, FolderJson);
        using var response = await SendRpc(Transport(socket));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(1, socket.Calls);
        Assert.Empty(_waits);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_409_too_many_write_operations_is_retried_even_for_a_write_that_is_not_idempotent()
    {
        var socket = new ScriptedSocket()
            .Then(HttpStatusCode.Conflict, "{\"error_summary\":\"path/too_many_write_operations/..\",\"error\":{\".tag\":\"path\",\"path\":{\".tag\":\"too_many_write_operations\"}}}")
            .Then(HttpStatusCode.OK, FolderJson);
        using var response = await SendRpc(Transport(socket), "files/create_folder_v2", configure: r => r.SetNotIdempotent());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, socket.Calls);
    }

    [Fact]
    public async Task A_not_idempotent_request_is_retried_after_429_but_not_after_ambiguous_failures()
    {
        var socket = new ScriptedSocket()
            .Then(HttpStatusCode.TooManyRequests, "slow down", "text/plain", TimeSpan.FromSeconds(1))
            .Then(HttpStatusCode.ServiceUnavailable, "down", "text/plain")
            .Then(HttpStatusCode.OK, FolderJson);
        using var response = await SendRpc(Transport(socket), "files/upload", configure: r => r.SetNotIdempotent());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(2, socket.Calls);

        var cut = new ScriptedSocket().ThenThrow(new HttpRequestException("connection reset")).Then(HttpStatusCode.OK, FolderJson);
        await Assert.ThrowsAsync<HttpRequestException>(() => SendRpc(Transport(cut), "files/upload", configure: r => r.SetNotIdempotent()));
        Assert.Equal(1, cut.Calls);
    }

    [Fact]
    public async Task A_lost_connection_is_retried_and_the_same_body_is_sent_again()
    {
        var socket = new ScriptedSocket()
            .ThenThrow(new HttpRequestException("Connection refused", new IOException("refused")))
            .Then(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new BrokenContent() })
            .Then(HttpStatusCode.OK, FolderJson);
        using var response = await SendRpc(Transport(socket), arg: "{\"path\":\"/caf\\u00e9\"}");

        Assert.Equal(FolderJson, await response.Content.ReadAsStringAsync());
        Assert.Equal(3, socket.Calls);
        Assert.All(socket.SentBodies, body => Assert.Equal("{\"path\":\"/caf\\u00e9\"}", body));
        Assert.All(socket.SentAuthorization, auth => Assert.Equal("Bearer " + Token, auth));
    }

    [Fact]
    public async Task A_body_that_cannot_be_replayed_is_not_retried()
    {
        var socket = new ScriptedSocket().Then(HttpStatusCode.ServiceUnavailable, "down", "text/plain").Then(HttpStatusCode.OK, FolderJson);
        var transport = Transport(socket);
        using var request = transport.CreateUploadRequest("files/upload", "{\"path\":\"/a\"}", new StreamContent(new NonSeekableStream("data")));
        using var response = await transport.SendAsync(request, HttpCompletionOption.ResponseContentRead, CancellationToken.None);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, socket.Calls);
    }

    [Fact]
    public async Task A_streamed_download_is_handed_over_unread_and_errors_are_still_retried()
    {
        var socket = new ScriptedSocket()
            .Then(HttpStatusCode.TooManyRequests, "slow down", "text/plain", TimeSpan.FromSeconds(1))
            .Then(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new BrokenContent() });
        var transport = Transport(socket);
        using var request = transport.CreateDownloadRequest("files/download", "{\"path\":\"/a\"}");
        using var response = await transport.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, socket.Calls);
        // The body was not buffered by the transport: the cut reaches the reader, which resumes with Range.
        await Assert.ThrowsAnyAsync<Exception>(() => response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Attempts_are_bounded_and_the_last_answer_is_returned()
    {
        var socket = new ScriptedSocket().Always(HttpStatusCode.ServiceUnavailable, "down");
        using var response = await SendRpc(Transport(socket, Policy(maxAttempts: 4)));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(4, socket.Calls);
        Assert.Equal(3, _waits.Count);
    }

    [Fact]
    public async Task A_wait_beyond_the_total_time_budget_is_not_started_and_surfaces_as_a_rate_limit_error()
    {
        var socket = new ScriptedSocket()
            .Then(HttpStatusCode.TooManyRequests, "{\"error_summary\":\"too_many_requests/\",\"error\":{\"reason\":{\".tag\":\"too_many_requests\"},\"retry_after\":300}}", retryAfter: TimeSpan.FromSeconds(300));
        using var client = new DropboxClient(Transport(socket, Policy(maxElapsed: TimeSpan.FromSeconds(60))));

        var e = await Assert.ThrowsAsync<DropboxRateLimitException>(() => client.Files.GetMetadataAsync("/a", false, CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(300), e.RetryAfter);
        Assert.Equal("too_many_requests", e.Reason);
        Assert.Equal(1, socket.Calls);
        Assert.Empty(_waits);
    }

    [Fact]
    public async Task Cancellation_interrupts_a_retry_wait_promptly()
    {
        var socket = new ScriptedSocket().Then(HttpStatusCode.TooManyRequests, "slow down", "text/plain", TimeSpan.FromSeconds(30));
        var transport = Transport(socket, new RetryPolicy());
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SendRpc(transport, cancellationToken: cancellation.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(1, socket.Calls);
    }

    [Fact]
    public async Task Each_attempt_is_one_verbose_line_with_route_status_request_id_retry_and_wait_and_no_token()
    {
        var socket = new ScriptedSocket()
            .Then(HttpStatusCode.TooManyRequests, "slow down", "text/plain", TimeSpan.FromSeconds(2))
            .ThenThrow(new HttpRequestException("Connection reset by peer"))
            .Then(HttpStatusCode.OK, FolderJson);
        using var response = await SendRpc(Transport(socket));

        Assert.Equal(3, _log.Count);
        Assert.Matches(@"^POST files/get_metadata -> 429 Too Many Requests in \d+ ms \(request id req[0-9a-f]{8}\)$", _log[0]);
        Assert.Matches(@"^POST files/get_metadata -> failed: Connection reset by peer after \d+ ms \(retry 1 after 2\.0 s\)$", _log[1]);
        Assert.Matches(@"^POST files/get_metadata -> 200 OK in \d+ ms \(request id req[0-9a-f]{8}, retry 2 after 1\.0 s\)$", _log[2]);
        Assert.DoesNotContain(_log, line => line.Contains(Token) || line.Contains("secret"));
    }

    private sealed class NonSeekableStream(string text) : MemoryStream(Encoding.UTF8.GetBytes(text))
    {
        public override bool CanSeek => false;
    }
}
