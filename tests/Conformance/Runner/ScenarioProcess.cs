using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace PSDropbox.Tests.Conformance;

public sealed record StepOutcome(bool Passed, string Message, double Milliseconds);

/// <summary>Runs tests/Conformance/scenario.js with node and reads its "##conformance {json}" lines.</summary>
public static class ScenarioProcess
{
    private const string Prefix = "##conformance ";

    public static string RepoRoot { get; } = Path.GetFullPath(
        typeof(ScenarioProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepoRoot").Value!);

    public static string ProjectDir => Path.Combine(RepoRoot, "tests", "Conformance");

    /// <summary>Step names in run order (node scenario.js --list).</summary>
    public static IReadOnlyList<string> ListSteps()
    {
        var (exit, records, stderr) = Run(["--list"], TimeSpan.FromSeconds(60));
        if (exit != 0)
        {
            throw new InvalidOperationException($"`node scenario.js --list` exited with {exit}.\n{stderr}");
        }
        return records.Select(r => r.GetProperty("name").GetString()!).ToList();
    }

    /// <summary>Runs every step against the emulator; steps that printed no result are absent from the map.</summary>
    public static (Dictionary<string, StepOutcome> Outcomes, string Log) RunSteps(IEnumerable<string> args, TimeSpan timeout)
    {
        var (exit, records, stderr) = Run(args, timeout);
        var outcomes = new Dictionary<string, StepOutcome>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            outcomes[r.GetProperty("name").GetString()!] = new StepOutcome(
                r.GetProperty("ok").GetBoolean(), r.GetProperty("message").GetString() ?? "", r.GetProperty("ms").GetDouble());
        }
        return (outcomes, $"node exited with {exit}.\n{stderr}");
    }

    private static (int Exit, List<JsonElement> Records, string Stderr) Run(IEnumerable<string> args, TimeSpan timeout)
    {
        if (!Directory.Exists(Path.Combine(ProjectDir, "node_modules", "dropbox")))
        {
            throw new InvalidOperationException(
                $"{ProjectDir}/node_modules is missing: run `npm ci` there (./test.sh does it) to install the Dropbox JS SDK from the lockfile.");
        }
        var psi = new ProcessStartInfo("node")
        {
            WorkingDirectory = ProjectDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("scenario.js");
        foreach (var a in args) psi.ArgumentList.Add(a);

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                "The conformance suite needs Node.js (node 18 or later on PATH) to run the official Dropbox JS SDK; " +
                $"`node` could not be started: {ex.Message}. Install it (e.g. apt-get install nodejs npm) and run `npm ci` in tests/Conformance.", ex);
        }
        using (process)
        {
            var records = new List<JsonElement>();
            var stderr = new StringBuilder();
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is { } line && line.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    lock (records) records.Add(JsonDocument.Parse(line[Prefix.Length..]).RootElement.Clone());
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { } line) lock (stderr) stderr.AppendLine(line);
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                lock (stderr) stderr.AppendLine($"The scenario was stopped after {timeout.TotalSeconds:0} s.");
                return (-1, records, stderr.ToString());
            }
            process.WaitForExit(); // drains the redirected streams
            return (process.ExitCode, records, stderr.ToString());
        }
    }
}
