using System.Diagnostics;
using System.Management.Automation;
using System.Reflection;

namespace PSDropbox.Commands;

/// <summary>
/// Tells, for a stop (Ctrl+C, PowerShell.Stop(), Select-Object -First) that came out of WriteObject, whether the command
/// after this one had finished with the object. It had when it took the object (its count of objects taken, which
/// PowerShell keeps for every command of a pipeline, went up) and the stop was raised afterwards by its request for the
/// next input (CommandProcessor.Read, PowerShell's check between objects), or by Select-Object -First stopping its
/// upstream once it had what it wanted. A stop that interrupts the command while it works comes out of its
/// ProcessRecord instead (PowerShell hands upstream commands a new PipelineStoppedException), and one raised before the
/// object was taken leaves the count where it was.
/// </summary>
internal static class StopOrigin
{
    // InvocationInfo.PipelineIterationInfo: objects taken by each command of the pipeline (index = position); public in
    // Windows PowerShell, internal in PowerShell 7.
    private static readonly PropertyInfo? IterationInfo =
        typeof(InvocationInfo).GetProperty("PipelineIterationInfo", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    /// <summary>How many objects the command after this one has taken; null when there is none (or PowerShell does not say).</summary>
    public static int? TakenByNextCommand(InvocationInfo invocation)
    {
        var next = invocation.PipelinePosition + 1;
        return IterationInfo?.GetValue(invocation) is int[] counts && next < counts.Length && next <= invocation.PipelineLength ? counts[next] : null;
    }

    public static bool NextCommandFinished(PipelineStoppedException e, int? takenBefore, int? takenAfter)
    {
        if (takenBefore is int before && takenAfter is int after && after <= before) return false;
        if (e.GetType().Name == "StopUpstreamCommandsException") return true;
        foreach (var frame in new StackTrace(e, false).GetFrames() ?? Array.Empty<StackFrame>())
        {
            var method = frame.GetMethod();
            if (method is null) return false;
            if (method.Name == "ThrowIfStopping") continue;
            return method.Name == "Read" && method.DeclaringType?.Name.EndsWith("CommandProcessor", StringComparison.Ordinal) == true;
        }
        return false;
    }
}
