using System.Diagnostics;
using PSDropbox.Client;
using PSDropbox.Transport;

namespace PSDropbox.Tests.Unit.Transport;

/// <summary>
/// Timeouts and fail-fast against real loopback sockets (<see cref="RawServer"/>): every stall ends within its limit
/// times the attempts, as a Timeout naming the route and the limit; an address where nothing listens fails in seconds.
/// </summary>
public sealed class TimeoutTests
{
    private const string Token = "sl.TIMEOUT-TEST";

    private static DropboxClient Client(Uri endpoint, double connectSeconds = 5, double operationSeconds = 0.5, int attempts = 3) =>
        new(new DropboxTransport(DropboxEndpoints.SingleBase(endpoint), new StaticTokenSource(Token), null, new TransportSettings
        {
            ConnectionTimeout = TimeSpan.FromSeconds(connectSeconds),
            OperationTimeout = TimeSpan.FromSeconds(operationSeconds),
            Retry = new RetryPolicy { MaxAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(20) },
        }));

    [Fact]
    public async Task A_server_that_takes_the_request_and_never_answers_ends_in_a_Timeout_after_the_retries()
    {
        await using var server = new RawServer(RawServer.NoAnswer());
        using var client = Client(server.HttpUrl);
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<DropboxTimeoutException>(() => client.Raw.RpcAsync("files/list_folder", "{\"path\":\"\"}", CancellationToken.None));
        watch.Stop();
        Assert.Equal(DropboxErrorKind.Timeout, e.Kind);
        Assert.Equal("files/list_folder", e.Route);
        Assert.Equal(TransferPhase.WaitingForAnswer, e.Phase);
        Assert.Equal("OperationTimeoutSeconds", e.LimitName);
        Assert.Contains("files/list_folder", e.Message);
        Assert.Contains("0.5 s", e.Message);
        Assert.Equal(3, server.Connections);
        Assert.InRange(watch.Elapsed.TotalSeconds, 1.5, 6);
    }

    [Fact]
    public async Task A_TLS_handshake_that_never_comes_is_a_connection_timeout()
    {
        await using var server = new RawServer(RawServer.Silent());
        using var client = Client(server.HttpsUrl, connectSeconds: 0.5, operationSeconds: 30, attempts: 2);
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<DropboxTimeoutException>(() => client.Raw.RpcAsync("users/get_current_account", null, CancellationToken.None));
        watch.Stop();
        Assert.Equal(TransferPhase.Connecting, e.Phase);
        Assert.Equal("ConnectionTimeoutSeconds", e.LimitName);
        Assert.Equal(2, server.Connections);
        Assert.InRange(watch.Elapsed.TotalSeconds, 1, 6);
    }

    [Fact]
    public async Task An_answer_that_stops_in_the_middle_of_its_body_is_retried_and_then_succeeds()
    {
        await using var server = new RawServer(RawServer.StallMidBody(length: 100, sent: 10), RawServer.Answer("{\"entries\":[]}"));
        using var client = Client(server.HttpUrl);
        var result = await client.Raw.RpcAsync("files/list_folder", "{\"path\":\"\"}", CancellationToken.None);
        Assert.Equal("{\"entries\":[]}", result);
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task An_upload_the_server_stops_reading_times_out_while_sending_instead_of_hanging()
    {
        await using var server = new RawServer(RawServer.StopReadingBody());
        using var client = Client(server.HttpUrl, attempts: 2);
        var chunk = new byte[32 * 1024 * 1024]; // more than the socket buffers hold
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<DropboxTimeoutException>(() =>
            client.Files.UploadSessionAppendAsync("session", 0, chunk, chunk.Length, "hash", CancellationToken.None));
        watch.Stop();
        Assert.Equal(TransferPhase.Sending, e.Phase);
        Assert.Equal("files/upload_session/append_v2", e.Route);
        Assert.Equal(2, server.Connections);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 6);
    }

    [Fact]
    public async Task A_longpoll_may_stay_silent_longer_than_the_operation_timeout()
    {
        await using var server = new RawServer(RawServer.NoAnswer());
        using var client = Client(server.HttpUrl, operationSeconds: 0.3);
        using var stop = new CancellationTokenSource();
        var poll = client.Files.LongpollAsync("cursor", 30, stop.Token);
        await Task.Delay(1500);
        Assert.False(poll.IsCompleted, poll.Exception?.ToString());
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);
    }

    [Fact]
    public async Task An_address_where_nothing_listens_fails_in_seconds_with_one_warning()
    {
        using var nowhere = new RefusingPort();
        using var client = new DropboxClient(new DropboxTransport(DropboxEndpoints.SingleBase(nowhere.Url), new StaticTokenSource(Token)));
        var warnings = new List<string>();
        HttpLog.WarningSink = w => { lock (warnings) warnings.Add(w); };
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<DropboxConnectionException>(() => client.Users.GetCurrentAccountAsync(CancellationToken.None));
        watch.Stop();
        Assert.Equal(DropboxErrorKind.ConnectionFailed, e.Kind);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.5, 8);
        var warning = Assert.Single(warnings);
        Assert.StartsWith($"Cannot reach {nowhere.Url.GetLeftPart(UriPartial.Authority)}", warning);
    }

    [Fact]
    public async Task An_address_where_nothing_listens_is_retried_even_for_a_commit_since_nothing_was_sent()
    {
        using var nowhere = new RefusingPort();
        var socket = new CountingHandler();
        using var client = new DropboxClient(new DropboxTransport(DropboxEndpoints.SingleBase(nowhere.Url),
            new StaticTokenSource(Token), socket, new TransportSettings { Retry = new RetryPolicy { BaseDelay = TimeSpan.FromMilliseconds(10) } }));
        await Assert.ThrowsAsync<DropboxConnectionException>(() =>
            client.Files.UploadAsync(new PSDropbox.Client.Wire.CommitInfo { Path = "/a.txt" }, new byte[1], 1, "hash", CancellationToken.None));
        Assert.True(socket.Calls > 1, $"{socket.Calls} attempt(s)");
    }

    [Fact]
    public void A_schedule_grants_retries_within_attempts_and_time_and_starts_over_after_progress()
    {
        var policy = new RetryPolicy { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(1), NextRandom = () => 0 };
        var schedule = policy.Start();
        Assert.NotNull(schedule.Next());
        Assert.NotNull(schedule.Next());
        Assert.Null(schedule.Next());
        schedule.Reset();
        Assert.NotNull(schedule.Next());
        Assert.Null(new RetryPolicy { UnreachableWindow = TimeSpan.FromSeconds(2) }.Start().Next(TimeSpan.FromSeconds(3), unreachable: true));
        Assert.Equal(TimeSpan.FromSeconds(3), new RetryPolicy().Start().Next(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task The_stacks_own_connect_timeout_firing_first_is_the_same_connection_timeout()
    {
        // SocketsHttpHandler.ConnectTimeout is set to the same limit as the watchdog, so either can fire first.
        var stack = new ThrowingHandler(new TaskCanceledException("The operation was canceled.",
            new TimeoutException("A connection could not be established within the configured ConnectTimeout.")));
        using var invoker = new HttpMessageInvoker(new IdleTimeoutHandler(() => TimeSpan.FromSeconds(30), () => TimeSpan.FromSeconds(30), stack));
        var e = await Assert.ThrowsAsync<TransferStalledException>(() =>
            invoker.SendAsync(new HttpRequestMessage(HttpMethod.Post, "https://127.0.0.1:9/2/users/get_current_account"), CancellationToken.None));
        Assert.Equal(TransferPhase.Connecting, e.Phase);
        Assert.Equal("ConnectionTimeoutSeconds", e.LimitName);
        Assert.Equal(TimeSpan.FromSeconds(30), e.Limit);
    }

    private sealed class ThrowingHandler(Exception failure) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(failure);
    }

    /// <summary>The real socket handler, counting the attempts that reach it.</summary>
    private sealed class CountingHandler : DelegatingHandler
    {
        private int _calls;

        public CountingHandler() : base(new HttpClientHandler()) { }

        public int Calls => Volatile.Read(ref _calls);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
