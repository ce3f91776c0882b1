using System.Management.Automation;
using PSDropbox.Transport;

namespace PSDropbox.Commands;

/// <summary>
/// Base of every PSDropbox cmdlet that calls Dropbox: runs async work through the pipeline bridge, cancels it on
/// Ctrl+C (StopProcessing) and turns failures into ErrorRecords. Cmdlets that use a connection derive from
/// <see cref="DropboxCmdlet"/>; Connect-Dropbox makes one, so it derives from this directly.
/// </summary>
public abstract class AsyncCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();

    protected CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>The command's own network limits (e.g. Send-DropboxFile -MaxTransferRate), applied to every request its work makes.</summary>
    protected TransportOverrides? TransportOverrides { get; set; }

    /// <summary>Runs <paramref name="work"/>; every failure stops the command.</summary>
    protected void Run(Func<PipelineBridge, CancellationToken, Task> work, object? target = null)
    {
        try
        {
            var overrides = TransportOverrides;
            new PipelineBridge(this, _cancellation).Run(overrides is null ? work : (bridge, cancellationToken) =>
            {
                overrides.Apply();
                return work(bridge, cancellationToken);
            });
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
                bridge.WriteError(ErrorRecords.From(await ExplainAsync(e, target, cancellationToken).ConfigureAwait(false), target));
            }
        }, target);
    }

    /// <summary>What to report for a failure about <paramref name="target"/>: the failure itself, unless a cmdlet knows better.</summary>
    protected virtual Task<Exception> ExplainAsync(Exception failure, object target, CancellationToken cancellationToken) => Task.FromResult(failure);

    protected override void StopProcessing() => _cancellation.Cancel();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases what the command holds; PowerShell disposes a command however it ends (Ctrl+C included).</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing) _cancellation.Dispose();
    }

    private bool IsStop(Exception e) => _cancellation.IsCancellationRequested && e is OperationCanceledException;
}
