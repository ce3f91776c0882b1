using System.Net;

namespace PSDropbox.Transport;

/// <summary>
/// Bounds every wait of an HTTP exchange (design: "every network wait has a timeout"): connecting within the connection
/// timeout, then never more than the operation timeout without a byte sent or received, whether in the request body,
/// waiting for the answer or in the answer's body (streamed downloads included). The request body is watched while
/// the stack sends it (its first write also tells that the connection stands); the answer's body is handed up wrapped,
/// so the watch goes on while the caller reads it. A timeout throws <see cref="TransferStalledException"/>.
/// </summary>
internal sealed class IdleTimeoutHandler : DelegatingHandler
{
    private readonly Func<TimeSpan> _connectionTimeout;
    private readonly Func<TimeSpan> _operationTimeout;

    public IdleTimeoutHandler(Func<TimeSpan> connectionTimeout, Func<TimeSpan> operationTimeout, HttpMessageHandler inner) : base(inner)
    {
        _connectionTimeout = connectionTimeout;
        _operationTimeout = operationTimeout;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operationTimeout = _operationTimeout();
        if (request.GetMinimumOperationTimeout() is TimeSpan minimum && minimum > operationTimeout) operationTimeout = minimum;
        var watchdog = new IdleWatchdog(_connectionTimeout(), operationTimeout);
        var original = request.Content;
        request.Content = new WatchedRequestContent(original, watchdog);
        HttpResponseMessage response;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, watchdog.Token);
            response = await watchdog.GuardAsync(base.SendAsync(request, linked.Token)).ConfigureAwait(false);
        }
        catch (Exception e) when ((watchdog.Fired || StackConnectTimedOut(e, watchdog)) && !cancellationToken.IsCancellationRequested)
        {
            watchdog.Dispose();
            throw e as TransferStalledException ?? watchdog.Stalled(e);
        }
        catch
        {
            watchdog.Dispose();
            throw;
        }
        finally
        {
            request.Content = original;
        }
        watchdog.Dispose();
        // The answer's body is read through a stream that gives up on a read that waits longer than the limit.
        if (response.Content is not null) response.Content = new WrappedResponseContent(response.Content, body => new WatchedReadStream(body, operationTimeout));
        return response;
    }

    /// <summary>
    /// The stack's own ConnectTimeout (set to the same limit, see <see cref="SocketHandlerFactory"/>) can fire a moment
    /// before the watchdog does; it is the same timeout and is reported the same way.
    /// </summary>
    private static bool StackConnectTimedOut(Exception e, IdleWatchdog watchdog)
    {
        if (watchdog.Phase != TransferPhase.Connecting) return false;
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is TimeoutException) return true;
        return false;
    }

    /// <summary>Sends the real body (or none) through a stream that re-arms the watchdog at every write.</summary>
    private sealed class WatchedRequestContent : HttpContent
    {
        private readonly HttpContent? _inner;
        private readonly IdleWatchdog _watchdog;

        public WatchedRequestContent(HttpContent? inner, IdleWatchdog watchdog)
        {
            _inner = inner;
            _watchdog = watchdog;
            if (inner is not null) ContentHeaders.Copy(inner, this);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            _watchdog.Enter(TransferPhase.Sending);
            if (_inner is not null) await _inner.CopyToAsync(new WatchedWriteStream(stream, _watchdog)).ConfigureAwait(false);
            _watchdog.Enter(TransferPhase.WaitingForAnswer);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _inner is null ? 0 : _inner.Headers.ContentLength ?? -1;
            return length >= 0;
        }
        // The inner content belongs to the request (it may be sent again): never disposed here.
    }

    /// <summary>Writes in slices, so that a large body shows progress (and a stuck write shows none).</summary>
    private sealed class WatchedWriteStream : WriteOnlyWrapperStream
    {
        private const int Slice = 64 * 1024;
        private readonly IdleWatchdog _watchdog;

        public WatchedWriteStream(Stream inner, IdleWatchdog watchdog) : base(inner) => _watchdog = watchdog;

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            while (count > 0)
            {
                var n = Math.Min(count, Slice);
                await _watchdog.GuardAsync(Inner.WriteAsync(buffer, offset, n, cancellationToken)).ConfigureAwait(false);
                _watchdog.Activity();
                offset += n;
                count -= n;
            }
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => _watchdog.GuardAsync(Inner.FlushAsync(cancellationToken));
    }

    /// <summary>
    /// Reads the answer; a read that waits longer than the limit is abandoned and the connection torn down. Only time spent
    /// waiting in a read counts: a caller that pauses between reads (a slow disk, a rate limit) is not "idle".
    /// </summary>
    private sealed class WatchedReadStream : ReadOnlyWrapperStream
    {
        private readonly TimeSpan _limit;

        public WatchedReadStream(Stream inner, TimeSpan limit) : base(inner) => _limit = limit;

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            var read = Inner.ReadAsync(buffer, offset, count, cancellationToken);
            using var timer = new CancellationTokenSource();
            if (await Task.WhenAny(read, Task.Delay(_limit, timer.Token)).ConfigureAwait(false) == read)
            {
                timer.Cancel();
                return await read.ConfigureAwait(false);
            }
            _ = read.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            Inner.Dispose(); // breaks the stuck read on stacks that ignore cancellation
            throw new TransferStalledException(TransferPhase.Receiving, _limit);
        }
    }
}
