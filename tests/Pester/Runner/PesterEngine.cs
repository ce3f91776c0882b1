using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Text;

namespace PSDropbox.Tests.Pester;

public sealed record TestOutcome(bool Passed, string Message, string Output, double Milliseconds);

public sealed record DiscoveredTest(string Key, IReadOnlyList<string> Path)
{
    public string DisplayName => Key;
}

public sealed class DiscoveryResult
{
    public required string File { get; init; }
    public List<DiscoveredTest> Tests { get; } = new();
    public string? Error { get; set; }
}

public sealed class FileResult
{
    public required string File { get; init; }
    public Dictionary<string, TestOutcome> Outcomes { get; } = new(StringComparer.Ordinal);
    /// <summary>Set when the file as a whole failed (discovery error, timeout, emulator).</summary>
    public string? Error { get; set; }
    public string HostOutput { get; set; } = "";
    public IReadOnlyList<DiscoveredTest> Tests { get; set; } = Array.Empty<DiscoveredTest>();

    public TestOutcome Get(string key)
    {
        if (Outcomes.TryGetValue(key, out var o)) return o;
        var why = Error ?? "The test did not run (it was not found when the file was executed; was it renamed or is discovery not deterministic?).";
        return new TestOutcome(false, why, HostOutput, 0);
    }
}

/// <summary>The object the shim reports to ($__PSDT_Runner). Public members are called from PowerShell.</summary>
public sealed class FileRun
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly StringBuilder _fileOutput = new();
    private StringBuilder _current;
    private readonly object _gate = new();

    public FileRun() => _current = _fileOutput;

    public List<DiscoveredTest> Tests { get; } = new();
    public Dictionary<string, TestOutcome> Outcomes { get; } = new(StringComparer.Ordinal);

    public string AddTest(string[] path)
    {
        var name = string.Join(" > ", path);
        lock (_gate)
        {
            _seen.TryGetValue(name, out var n);
            _seen[name] = ++n;
            var key = n == 1 ? name : $"{name} #{n}";
            Tests.Add(new DiscoveredTest(key, path));
            return key;
        }
    }

    public void Begin(string key) { lock (_gate) _current = new StringBuilder(); }

    public void Log(string line) { lock (_gate) _current.AppendLine(line); }

    public void Finish(string key, bool passed, string message, double ms)
    {
        lock (_gate)
        {
            Outcomes[key] = new TestOutcome(passed, message ?? "", _current.ToString(), ms);
            _current = _fileOutput;
        }
    }

    public void Fail(string key, string message)
    {
        lock (_gate)
        {
            if (Outcomes.TryGetValue(key, out var prev))
            {
                var msg = prev.Passed ? message : prev.Message + "\n" + message;
                Outcomes[key] = prev with { Passed = false, Message = msg };
            }
            else Outcomes[key] = new TestOutcome(false, message, "", 0);
        }
    }

    public string FileOutput { get { lock (_gate) return _fileOutput.ToString(); } }
}

public sealed class PesterRunOptions
{
    public bool StartEmulator { get; init; } = true;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>Runs *.Tests.ps1 files in hosted PowerShell with the Pester shim.</summary>
public static class PesterEngine
{
    public static string RepoRoot { get; } = FindRepoRoot();
    public static string SuiteRoot => Path.Combine(RepoRoot, "tests", "Pester");

    private static readonly Lazy<string> Shim = new(() =>
    {
        using var s = typeof(PesterEngine).Assembly.GetManifestResourceStream("PesterShim.ps1")
            ?? throw new InvalidOperationException("PesterShim.ps1 is not embedded.");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    });

    private static readonly SemaphoreSlim Slots = new(Environment.ProcessorCount, Environment.ProcessorCount);
    private static readonly ConcurrentDictionary<string, Lazy<Task<FileResult>>> Cache = new(StringComparer.Ordinal);

    private static string FindRepoRoot()
    {
        var meta = typeof(PesterEngine).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        if (string.IsNullOrEmpty(meta)) throw new InvalidOperationException("AssemblyMetadata RepoRoot is missing.");
        return Path.GetFullPath(meta);
    }

    /// <summary>The real suite: tests/Pester/**/*.Tests.ps1 except the runner folder (fixtures).</summary>
    public static IReadOnlyList<string> SuiteFiles()
    {
        var runner = Path.Combine(SuiteRoot, "Runner") + Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(SuiteRoot, "*.Tests.ps1", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(runner, StringComparison.Ordinal)
                        && !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
    }

    private static Runspace OpenRunspace(PSHost host)
    {
        var iss = InitialSessionState.CreateDefault2();
        var rs = RunspaceFactory.CreateRunspace(host, iss);
        rs.Open();
        using var ps = PowerShell.Create();
        ps.Runspace = rs;
        // Dot-source the shim into the global scope.
        ps.AddScript(". ([scriptblock]::Create($args[0]))", useLocalScope: false).AddArgument(Shim.Value);
        ps.Invoke();
        if (ps.HadErrors) throw new InvalidOperationException("The Pester shim failed to load: " + string.Join("; ", ps.Streams.Error));
        return rs;
    }

    private static string Describe(ErrorRecord e) =>
        $"{e.Exception.Message}{(e.InvocationInfo?.ScriptName is { Length: > 0 } sn ? $"\nat {e.InvocationInfo.Line?.Trim()}, {sn}:{e.InvocationInfo.ScriptLineNumber}" : "")}";

    private static string? CheckFile(string file)
    {
        if (!File.Exists(file)) return $"Test file not found: {file}";
        if (!file.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase)) return $"Not a PowerShell script: {file}";
        Parser.ParseFile(file, out _, out var errors);
        if (errors.Length > 0)
            return $"Test file has syntax errors: {file}\n" + string.Join("\n", errors.Select(e => $"{e.Extent.File}:{e.Extent.StartLineNumber}: {e.Message}"));
        return null;
    }

    /// <summary>Runs the file in discovery mode (Describe/Context bodies and BeforeDiscovery run; It and setup bodies do not).</summary>
    public static DiscoveryResult Discover(string file)
    {
        file = Path.GetFullPath(file);
        var result = new DiscoveryResult { File = file };
        result.Error = CheckFile(file);
        if (result.Error != null) return result;
        var run = new FileRun();
        try
        {
            var host = new CapturingHost(_ => { });
            using var rs = OpenRunspace(host);
            using var ps = PowerShell.Create();
            ps.Runspace = rs;
            rs.SessionStateProxy.SetVariable("__PSDT_Runner", run);
            ps.AddCommand("__psdtDiscover").AddArgument(file);
            ps.Invoke();
            if (ps.Streams.Error.Count > 0)
                result.Error = "Discovery wrote errors:\n" + string.Join("\n", ps.Streams.Error.Select(Describe));
        }
        catch (RuntimeException ex)
        {
            result.Error = "Discovery failed: " + Describe(ex.ErrorRecord);
        }
        catch (Exception ex)
        {
            result.Error = "Discovery failed: " + ex;
        }
        result.Tests.AddRange(run.Tests);
        if (result.Error == null && result.Tests.Count == 0) result.Error = $"No tests (It blocks) were found in {file}.";
        return result;
    }

    /// <summary>Runs a file once per process (cached); files run concurrently up to ProcessorCount.</summary>
    public static Task<FileResult> GetOrRunAsync(string file) =>
        Cache.GetOrAdd(Path.GetFullPath(file), f => new Lazy<Task<FileResult>>(() => RunFileAsync(f, new PesterRunOptions()))).Value;

    public static async Task<FileResult> RunFileAsync(string file, PesterRunOptions options)
    {
        file = Path.GetFullPath(file);
        await Slots.WaitAsync().ConfigureAwait(false);
        try
        {
            return await Task.Run(() => RunFileCore(file, options)).ConfigureAwait(false);
        }
        finally { Slots.Release(); }
    }

    private static async Task<FileResult> RunFileCore(string file, PesterRunOptions options)
    {
        var result = new FileResult { File = file };
        result.Error = CheckFile(file);
        if (result.Error != null) return result;

        var run = new FileRun();
        var dataDir = Path.Combine(Path.GetTempPath(), "psdt-emu-" + Guid.NewGuid().ToString("n"));
        EmulatorHandle? emulator = null;
        Runspace? rs = null;
        var abandoned = false;
        try
        {
            if (options.StartEmulator)
            {
                try
                {
                    Directory.CreateDirectory(dataDir);
                    emulator = await EmulatorHandle.StartAsync(dataDir).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    result.Error = "The in-process emulator failed to start: " + (ex is TargetInvocationException { InnerException: { } inner } ? inner : ex);
                    return result;
                }
            }

            var host = new CapturingHost(line => run.Log(line));
            rs = OpenRunspace(host);
            rs.SessionStateProxy.SetVariable("__PSDT_Runner", run);
            if (emulator != null)
            {
                var info = new PSObject();
                info.Properties.Add(new PSNoteProperty("BaseUrl", emulator.BaseUrl.ToString().TrimEnd('/')));
                info.Properties.Add(new PSNoteProperty("AccessToken", emulator.AccessToken));
                info.Properties.Add(new PSNoteProperty("DataDirectory", dataDir));
                rs.SessionStateProxy.SetVariable("PSDropboxTestEmulator", info);
            }

            using (var ps = PowerShell.Create())
            {
                ps.Runspace = rs;
                ps.AddCommand("__psdtDiscover").AddArgument(file);
                try
                {
                    ps.Invoke();
                    if (ps.Streams.Error.Count > 0)
                        result.Error = "Discovery wrote errors:\n" + string.Join("\n", ps.Streams.Error.Select(Describe));
                }
                catch (RuntimeException ex) { result.Error = "Discovery failed: " + Describe(ex.ErrorRecord); }
            }
            result.Tests = run.Tests.ToList();
            if (result.Error != null) return result;

            var runPs = PowerShell.Create();
            try
            {
                runPs.Runspace = rs;
                runPs.AddCommand("__psdtRun").AddArgument(file);
                // Pester 5 does not fail a test on non-terminating errors; show them in that test's output.
                runPs.Streams.Error.DataAdded += (_, e) =>
                {
                    var rec = runPs.Streams.Error[e.Index];
                    run.Log("non-terminating error: " + Describe(rec));
                };
                var async = runPs.BeginInvoke();
                if (!async.AsyncWaitHandle.WaitOne(options.Timeout))
                {
                    result.Error = $"The test file timed out after {options.Timeout} and was stopped; this test had not finished.";
                    try
                    {
                        var stop = runPs.BeginStop(null, null);
                        if (!stop.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(15)))
                        {
                            // Stuck in a blocking .NET call: leave the runspace behind rather than hang the run.
                            abandoned = true;
                            result.Error += " (The pipeline did not stop within 15 s and was abandoned.)";
                        }
                    }
                    catch (Exception) { /* best effort */ }
                }
                else
                {
                    try { runPs.EndInvoke(async); }
                    catch (RuntimeException ex) { result.Error = "The test run failed outside of any test: " + Describe(ex.ErrorRecord); }
                }
            }
            finally
            {
                if (!abandoned) runPs.Dispose();
            }
        }
        catch (Exception ex) when (result.Error == null)
        {
            result.Error = "The test runner failed: " + ex;
        }
        finally
        {
            if (!abandoned) rs?.Dispose();
            if (emulator != null)
            {
                try { await emulator.DisposeAsync().ConfigureAwait(false); } catch (Exception) { /* best effort */ }
            }
            try { if (Directory.Exists(dataDir)) Directory.Delete(dataDir, true); } catch (Exception) { /* best effort */ }
            foreach (var kv in run.Outcomes) result.Outcomes[kv.Key] = kv.Value;
            result.HostOutput = run.FileOutput;
            if (result.Tests.Count == 0) result.Tests = run.Tests.ToList();
        }
        return result;
    }
}
