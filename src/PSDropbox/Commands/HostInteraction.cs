using System.Management.Automation;
using System.Management.Automation.Host;

namespace PSDropbox.Commands;

/// <summary>
/// Whether a person can answer: sign-in flows that need one fail at once in a scheduled task, a service or a host
/// without a user interface, instead of waiting for a browser or a prompt nobody will ever see.
/// </summary>
internal static class HostInteraction
{
    /// <summary>Null when the host can interact; otherwise why it cannot.</summary>
    public static string? WhyNotInteractive(PSHost host)
    {
        if (!Environment.UserInteractive) return "this process is not interactive (a service or scheduled task)";
        if (host?.UI is null || host.Name == "Default Host" || host.Name == "ServerRemoteHost")
            return $"the PowerShell host '{host?.Name}' has no user interface";
        if (Environment.GetCommandLineArgs().Skip(1).Any(a => a.StartsWith("-noni", StringComparison.OrdinalIgnoreCase)))
            return "PowerShell runs with -NonInteractive";
        return null;
    }

    /// <summary>Reads a line through the host UI; a host that cannot read (it throws) is reported as non-interactive.</summary>
    public static string? ReadLine(PSHostUserInterface ui, out Exception? failure)
    {
        try
        {
            failure = null;
            return ui.ReadLine();
        }
        catch (Exception e) when (e is PSInvalidOperationException || e is NotImplementedException || e is NotSupportedException ||
                                  e is HostException || e is InvalidOperationException || e is IOException)
        {
            failure = e;
            return null;
        }
    }
}
