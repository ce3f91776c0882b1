using System.Collections.Concurrent;
using System.Management.Automation;
using PSDropbox.Transport;

namespace PSDropbox.Commands;

/// <summary>
/// Runs async work off the pipeline thread and executes everything that must happen on the pipeline thread
/// (WriteObject, WriteProgress, WriteVerbose, ShouldProcess...) by queueing it back to the thread that called
/// <see cref="Run"/>, which drains the queue until the work completes.
/// </summary>
public sealed class PipelineBridge
{
    private readonly BlockingCollection<Action> _queue = new();
    private readonly PSCmdlet _cmdlet;
    private readonly CancellationTokenSource _cancellation;
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

    internal PipelineBridge(PSCmdlet cmdlet, CancellationTokenSource cancellation)
    {
        _cmdlet = cmdlet;
        _cancellation = cancellation;
    }

    internal void Run(Func<PipelineBridge, CancellationToken, Task> work)
    {
        var cancellation = _cancellation;
        var token = cancellation.Token;
        var worker = Task.Run(async () =>
        {
            HttpLog.Sink = line => Post(() => _cmdlet.WriteVerbose(line));
            HttpLog.WarningSink = WriteWarningOnce;
            await work(this, token).ConfigureAwait(false);
        }, token);
        worker.ContinueWith(_ => _queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        try
        {
            foreach (var action in _queue.GetConsumingEnumerable()) action();
        }
        catch
        {
            // The pipeline refused an action (stopped, or a downstream error): stop the work before leaving.
            cancellation.Cancel();
            Close();
            try { worker.Wait(TimeSpan.FromSeconds(1)); } catch (AggregateException) { }
            throw;
        }
        worker.GetAwaiter().GetResult();
    }

    /// <summary>Writes an object to the pipeline; completes once downstream commands have processed it.</summary>
    public Task WriteObjectAsync(object? item) => InvokeAsync(() => _cmdlet.WriteObject(item));

    /// <summary>
    /// Writes <paramref name="item"/> and runs <paramref name="written"/> in the same step on the pipeline thread once the
    /// commands after this one have it: when the write returns, and also when a stop interrupts the pipeline after the
    /// next command took the item and finished with it (<see cref="StopOrigin"/>). A stop that was already under
    /// way, or that interrupted the next command while it handled the item, leaves <paramref name="written"/> unrun: the
    /// item was not delivered (it comes again). Any other failure of a later command leaves it unrun too.
    /// </summary>
    public Task WriteObjectAsync(object? item, Action written) => InvokeAsync(() =>
    {
        if (_cmdlet.Stopping) throw new PipelineStoppedException();
        var taken = StopOrigin.TakenByNextCommand(_cmdlet.MyInvocation);
        try
        {
            _cmdlet.WriteObject(item);
        }
        catch (PipelineStoppedException e) when (StopOrigin.NextCommandFinished(e, taken, StopOrigin.TakenByNextCommand(_cmdlet.MyInvocation)))
        {
            written();
            throw;
        }
        written();
    });

    /// <summary>Writes objects in order; completes once downstream commands have processed all of them.</summary>
    public Task WriteObjectsAsync(IEnumerable<object?> items)
    {
        Task last = Task.CompletedTask;
        foreach (var item in items) last = WriteObjectAsync(item);
        return last;
    }

    public Task<bool> ShouldProcessAsync(string target, string action) => InvokeAsync(() => _cmdlet.ShouldProcess(target, action));

    public void WriteError(ErrorRecord record) => Post(() => _cmdlet.WriteError(record));

    public void WriteWarning(string text) => Post(() => _cmdlet.WriteWarning(text));

    /// <summary>A warning from the transport: each text once per command, however many requests run into the same trouble.</summary>
    private void WriteWarningOnce(string text)
    {
        lock (_warned)
        {
            if (!_warned.Add(text)) return;
        }
        WriteWarning(text);
    }

    public void WriteVerbose(string text) => Post(() => _cmdlet.WriteVerbose(text));

    public void WriteProgress(ProgressRecord record) => Post(() => _cmdlet.WriteProgress(record));

    public Task InvokeAsync(Action action) => InvokeAsync(() =>
    {
        action();
        return true;
    });

    public Task<T> InvokeAsync<T>(Func<T> function)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Queued actions that never run (the command stopped) must not leave the worker waiting forever. An action
        // that did start reports its own outcome, so the worker knows exactly which outputs reached the pipeline
        // (0 = queued, 1 = started, 2 = abandoned).
        int state = 0;
        var registration = _cancellation.Token.Register(() =>
        {
            if (Interlocked.CompareExchange(ref state, 2, 0) == 0) completion.TrySetCanceled();
        });
        completion.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        var posted = Post(() =>
        {
            if (Interlocked.CompareExchange(ref state, 1, 0) != 0) return;
            try
            {
                completion.SetResult(function());
            }
            catch (Exception e)
            {
                completion.TrySetException(e);
                throw;
            }
        });
        if (!posted) completion.TrySetCanceled();
        return completion.Task;
    }

    private bool Post(Action action)
    {
        try
        {
            return _queue.TryAdd(action);
        }
        catch (InvalidOperationException)
        {
            return false; // the cmdlet is finishing; late verbose lines and outputs are dropped
        }
    }

    private void Close()
    {
        try { _queue.CompleteAdding(); } catch (ObjectDisposedException) { }
    }
}
