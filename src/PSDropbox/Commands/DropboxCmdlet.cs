using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>
/// Base of every PSDropbox cmdlet: finds the connection, runs async work through the pipeline bridge,
/// cancels it on Ctrl+C (StopProcessing) and turns failures into ErrorRecords.
/// </summary>
public abstract class DropboxCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    protected CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>The runspace's connection; stops the command with PSDropbox.NotConnected when there is none.</summary>
    protected DropboxConnection Connection
    {
        get
        {
            var connection = ConnectionRegistry.Current;
            if (connection is null) ThrowTerminatingError(ErrorRecords.NotConnectedRecord());
            return connection!;
        }
    }

    /// <summary>Runs <paramref name="work"/>; every failure stops the command.</summary>
    protected void Run(Func<PipelineBridge, CancellationToken, Task> work, object? target = null)
    {
        try
        {
            new PipelineBridge(this, _cancellation).Run(work);
        }
        catch (Exception e) when (IsStop(e))
        {
            throw new PipelineStoppedException();
        }
        catch (Exception e) when (e is not PipelineStoppedException && e is not ActionPreferenceStopException && e is not RuntimeException)
        {
            ThrowTerminatingError(ErrorRecords.From(e, target));
        }
    }

    /// <summary>
    /// Runs work for one input item: failures about the item become non-terminating errors (the pipeline goes
    /// on with the next item); connection and authentication failures stop the command.
    /// </summary>
    protected void RunForItem(object target, Func<PipelineBridge, CancellationToken, Task> work)
    {
        Run(async (bridge, cancellationToken) =>
        {
            try
            {
                await work(bridge, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ErrorRecords.IsPerItem(e))
            {
                bridge.WriteError(ErrorRecords.From(e, target));
            }
        }, target);
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    public void Dispose()
    {
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    private bool IsStop(Exception e) => _cancellation.IsCancellationRequested && e is OperationCanceledException;
}
