using System.Management.Automation;
using PSDropbox.Transport;

namespace PSDropbox.Commands;

/// <summary>A transfer cmdlet's -OperationTimeoutSeconds and -MaxTransferRate, as the transport's per-command overrides.</summary>
internal static class TransferLimits
{
    public static TransportOverrides? From(InvocationInfo invocation, int operationTimeoutSeconds, long maxTransferRate)
    {
        var timeout = invocation.BoundParameters.ContainsKey("OperationTimeoutSeconds");
        var rate = invocation.BoundParameters.ContainsKey("MaxTransferRate");
        if (!timeout && !rate) return null;
        return new TransportOverrides
        {
            OperationTimeout = timeout ? TimeSpan.FromSeconds(operationTimeoutSeconds) : null,
            MaxTransferRate = rate ? maxTransferRate : null,
        };
    }
}
