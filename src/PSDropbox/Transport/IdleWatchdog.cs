namespace PSDropbox.Transport;

/// <summary>
/// Fires when the sending half of an exchange has been idle too long: <see cref="ConnectionTimeout"/> until the first
/// byte of the request can go out, then <see cref="OperationTimeout"/> between writes of the request body and until the
/// answer's headers arrive. Each move re-arms it; it works the same over every HTTP stack, since it only watches streams.
/// </summary>
internal sealed class IdleWatchdog : IDisposable
{
    private readonly CancellationTokenSource _timer = new();
    private readonly TaskCompletionSource<bool> _fired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _registration;
    private TransferPhase _phase = TransferPhase.Connecting;
    private int _disposed;

    public IdleWatchdog(TimeSpan connectionTimeout, TimeSpan operationTimeout)
    {
        ConnectionTimeout = connectionTimeout;
        OperationTimeout = operationTimeout;
        _registration = _timer.Token.Register(() => _fired.TrySetResult(true));
        _timer.CancelAfter(connectionTimeout);
    }

    public TimeSpan ConnectionTimeout { get; }
    public TimeSpan OperationTimeout { get; }

    /// <summary>Cancelled when the watchdog fires.</summary>
    public CancellationToken Token => _timer.Token;

    public bool Fired => _timer.IsCancellationRequested;

    public TransferPhase Phase => _phase;

    /// <summary>The exchange moved on to <paramref name="phase"/>; that counts as activity.</summary>
    public void Enter(TransferPhase phase)
    {
        _phase = phase;
        Activity();
    }

    /// <summary>Data moved: the idle time starts again.</summary>
    public void Activity()
    {
        if (Fired || Volatile.Read(ref _disposed) != 0) return;
        try
        {
            _timer.CancelAfter(_phase == TransferPhase.Connecting ? ConnectionTimeout : OperationTimeout);
        }
        catch (ObjectDisposedException)
        {
            // the exchange ended meanwhile
        }
    }

    /// <summary>What to throw once fired.</summary>
    public TransferStalledException Stalled(Exception? inner = null) =>
        new(_phase, _phase == TransferPhase.Connecting ? ConnectionTimeout : OperationTimeout, inner);

    /// <summary>
    /// Awaits <paramref name="operation"/> unless the watchdog fires first: then <paramref name="abandon"/> runs (to break
    /// the stuck I/O, which some stacks do not cancel) and <see cref="TransferStalledException"/> is thrown. The abandoned
    /// operation's own failure is observed and dropped.
    /// </summary>
    public async Task<T> GuardAsync<T>(Task<T> operation, Action? abandon = null)
    {
        if (await Task.WhenAny(operation, _fired.Task).ConfigureAwait(false) == operation) return await operation.ConfigureAwait(false);
        _ = operation.ContinueWith(static (t, _) =>
        {
            _ = t.Exception;
            if (t.Status == TaskStatus.RanToCompletion && t.Result is IDisposable late) late.Dispose();
        }, null, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        abandon?.Invoke();
        throw Stalled();
    }

    public async Task GuardAsync(Task operation, Action? abandon = null) =>
        await GuardAsync(operation.ContinueWith(static t =>
        {
            t.GetAwaiter().GetResult();
            return true;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default), abandon).ConfigureAwait(false);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _registration.Dispose();
        _timer.Dispose();
    }
}
