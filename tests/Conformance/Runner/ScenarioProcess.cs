using System.ComponentModel;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace PSDropbox.Tests.Conformance;

public sealed record StepOutcome(bool Passed, string Message, double Milliseconds);

/// <summary>Runs a <see cref="Scenario"/>'s program (node scenario.js, python3 python/scenario.py) and reads its "##conformance {json}" lines.</summary>
public static class ScenarioProcess
{
    private const string Prefix = "##conformance ";

    public static string RepoRoot { get; } = Path.GetFullPath(
        typeof(ScenarioProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepoRoot").Value!);

    public static string ProjectDir => Path.Combine(RepoRoot, "tests", "Conformance");

    /// <summary>Step names in run order (the scenario run with --list).</summary>
    public static IReadOnlyList<string> ListSteps(Scenario scenario)
    {
        var (exit, records, stderr) = Run(scenario, ["--list"], new Dictionary<string, string?>(), TimeSpan.FromSeconds(60));
        if (exit != 0)
        {
            throw new InvalidOperationException($"`{scenario.Command} {scenario.Script} --list` exited with {exit}.\n{stderr}");
        }
        return records.Select(r => r.GetProperty("name").GetString()!).ToList();
    }

    /// <summary>Runs every step against the emulator; steps that printed no result are absent from the map.</summary>
    public static (Dictionary<string, StepOutcome> Outcomes, string Log) RunSteps(Scenario scenario, IEnumerable<string> args,
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var (exit, records, stderr) = Run(scenario, args, environment, timeout);
        var outcomes = new Dictionary<string, StepOutcome>(StringComparer.Ordinal);
        foreach (var r in records)
        {
            outcomes[r.GetProperty("name").GetString()!] = new StepOutcome(
                r.GetProperty("ok").GetBoolean(), r.GetProperty("message").GetString() ?? "", r.GetProperty("ms").GetDouble());
        }
        return (outcomes, $"{scenario.Command} exited with {exit}.\n{stderr}");
    }

    private static (int Exit, List<JsonElement> Records, string Stderr) Run(Scenario scenario, IEnumerable<string> args,
        IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        if (scenario == Scenario.Js && !Directory.Exists(Path.Combine(ProjectDir, "node_modules", "dropbox")))
        {
            throw new InvalidOperationException(
                $"{ProjectDir}/node_modules is missing: run `npm ci` there (./test.sh does it) to install the Dropbox JS SDK from the lockfile.");
        }
        var psi = new ProcessStartInfo(scenario.Command)
        {
            WorkingDirectory = ProjectDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(scenario.Script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment)
        {
            if (value is null) psi.Environment.Remove(name);
            else psi.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"This conformance suite needs {scenario.Install}; `{scenario.Command}` could not be started: {ex.Message}.", ex);
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
                if (e.Data is { } line) lock (stderr) stderr.AppendLine(line.Contains("No module named 'dropbox'", StringComparison.Ordinal)
                    ? line + $" (this conformance suite needs {scenario.Install})" : line);
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
