using System.Diagnostics;
using System.Reflection;

namespace PSDropbox.Tests.Unit.Host;

/// <summary>Runs the console host as a user would (a separate process) against its own in-process emulator.</summary>
public class ConsoleHostTests
{
    private static string Metadata(string key) =>
        typeof(ConsoleHostTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static readonly string RepoRoot = Metadata("RepoRoot");

    private static async Task<(int ExitCode, string Out, string Err)> RunHostAsync(params string[] args)
    {
        var hostDll = Path.Combine(RepoRoot, "src", "PSDropbox.Host", "bin", Metadata("Configuration"), "net10.0", "PSDropbox.Host.dll");
        Assert.True(File.Exists(hostDll), $"console host not built at {hostDll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(hostDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task Lists_the_seeded_sample_tree_through_the_module_views()
    {
        var (exit, stdout, stderr) = await RunHostAsync("-Emulator", "-Seed", Path.Combine(RepoRoot, "samples", "tree"),
            "-Command", "Get-DropboxChildItem / -Recurse");
        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains("Connected to the PSDropbox emulator at http://127.0.0.1:", stderr);
        Assert.Contains("Folder: /Documents", stdout);
        Assert.Contains("Budget-2026.md", stdout);
        Assert.Matches(@"Mode\s+LastWriteTime\s+Length\s+Name", stdout);
        Assert.Matches(@"d----\s+Photos", stdout);
    }

    [Fact]
    public async Task A_failing_command_prints_the_error_without_a_stack_trace_and_exits_non_zero()
    {
        var (exit, stdout, stderr) = await RunHostAsync("-Emulator", "-Command", "Get-DropboxItem /no-such-file.txt");
        Assert.NotEqual(0, exit);
        var all = stdout + stderr;
        Assert.Contains("'/no-such-file.txt' was not found", all);
        Assert.DoesNotContain("   at PSDropbox", all);
    }

    [Fact]
    public async Task Runs_a_script_file_with_arguments()
    {
        var script = Path.Combine(Path.GetTempPath(), $"psdropbox-host-{Guid.NewGuid():N}.ps1");
        await File.WriteAllTextAsync(script, "param($Name) New-DropboxFolder \"/$Name\" | ForEach-Object { 'created ' + $_.Path }");
        try
        {
            var (exit, stdout, stderr) = await RunHostAsync("-Emulator", "-File", script, "FromScript");
            Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
            Assert.Contains("created /FromScript", stdout);
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public async Task Unknown_options_print_usage_and_exit_2()
    {
        var (exit, _, stderr) = await RunHostAsync("-Bogus");
        Assert.Equal(2, exit);
        Assert.Contains("-Emulator", stderr);
    }
}
