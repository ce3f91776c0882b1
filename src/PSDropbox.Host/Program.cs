using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Security.Cryptography;
using PSDropbox.Emulator;
using PSDropbox.Host;

HostOptions options;
try
{
    options = HostOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(HostOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(HostOptions.Usage);
    return 0;
}

var host = new ConsoleHost();
using var runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
runspace.Open();
Runspace.DefaultRunspace = runspace;

var module = options.Module ?? ModulePath();
if (!File.Exists(module))
{
    Console.Error.WriteLine($"The PSDropbox module was not found at {module}. Build it first: dotnet build -c Release");
    return 2;
}
if (!Invoke(runspace, $"Import-Module '{Escape(module)}' -ErrorAction Stop", out _)) return 1;

DropboxEmulator? emulator = null;
string? temporaryData = null;
try
{
    if (options.Emulator)
    {
        var data = options.Data ?? (temporaryData = Directory.CreateTempSubdirectory("psdropbox-emulator-").FullName);
        var token = "sl.emulator." + Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();
        emulator = await DropboxEmulator.StartAsync(new EmulatorOptions
        {
            Port = 0,
            DataDirectory = data,
            AccessToken = token,
            SeedDirectory = options.Seed,
        });
        var connect = $"Connect-Dropbox -AccessToken '{token}' -ApiEndpoint '{emulator.BaseUrl}' -ErrorAction Stop";
        if (!Invoke(runspace, connect, out _)) return 1;
        Console.Error.WriteLine($"Connected to the PSDropbox emulator at {emulator.BaseUrl} (data: {data}{(options.Seed is null ? "" : $", seeded from {options.Seed}")}).");
    }

    if (options.Command is not null) return Invoke(runspace, options.Command, out var hadErrors) && !hadErrors ? host.ExitCode ?? 0 : host.ExitCode ?? 1;
    if (options.File is not null)
    {
        var script = $"& '{Escape(Path.GetFullPath(options.File))}' {string.Join(" ", options.FileArguments.Select(a => $"'{Escape(a)}'"))}";
        return Invoke(runspace, script, out var hadErrors) && !hadErrors ? host.ExitCode ?? 0 : host.ExitCode ?? 1;
    }
    return Repl(runspace, host);
}
finally
{
    if (emulator is not null) await emulator.DisposeAsync();
    if (temporaryData is not null)
    {
        try { Directory.Delete(temporaryData, recursive: true); } catch (IOException) { }
    }
}

static int Repl(Runspace runspace, ConsoleHost host)
{
    Console.WriteLine("PSDropbox shell (PowerShell 7.6). Try: Get-DropboxChildItem / -Recurse. Type 'exit' to leave.");
    var buffer = "";
    while (host.ExitCode is null)
    {
        Console.Write(buffer.Length == 0 ? "PSDropbox> " : ">> ");
        var line = Console.ReadLine();
        if (line is null) break;
        buffer = buffer.Length == 0 ? line : buffer + "\n" + line;
        if (buffer.Trim() is "exit" or "quit") break;
        Parser.ParseInput(buffer, out _, out var errors);
        if (errors.Any(e => e.IncompleteInput)) continue;
        Invoke(runspace, buffer, out _);
        buffer = "";
    }
    return host.ExitCode ?? 0;
}

// Runs script text like a console would: everything (errors, warnings, verbose) rendered through Out-Default,
// so the module's views apply. Ctrl+C stops the running command, not the shell.
static bool Invoke(Runspace runspace, string script, out bool hadErrors)
{
    using var ps = PowerShell.Create();
    ps.Runspace = runspace;
    ps.AddScript(script);
    ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.All, PipelineResultTypes.Output);
    ps.AddCommand("Out-Default");
    ConsoleCancelEventHandler stop = (_, e) =>
    {
        e.Cancel = true;
        ps.BeginStop(null, null);
    };
    Console.CancelKeyPress += stop;
    var lastErrorBefore = LastError(runspace);
    try
    {
        ps.Invoke();
        // Errors are merged into Out-Default (so they render in order), which hides them from HadErrors.
        hadErrors = ps.HadErrors || !ReferenceEquals(LastError(runspace), lastErrorBefore);
        return true;
    }
    catch (RuntimeException e)
    {
        Console.Error.WriteLine(e.ErrorRecord?.ToString() ?? e.Message);
        hadErrors = true;
        return false;
    }
    finally
    {
        Console.CancelKeyPress -= stop;
    }
}

static object? LastError(Runspace runspace) =>
    runspace.SessionStateProxy.GetVariable("Error") is System.Collections.IList { Count: > 0 } errors ? errors[0] : null;

static string Escape(string text) => text.Replace("'", "''");

static string ModulePath()
{
    var fromEnvironment = Environment.GetEnvironmentVariable("PSDROPBOX_MODULE");
    if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
    var repoRoot = typeof(HostOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "RepoRoot")?.Value ?? AppContext.BaseDirectory;
    return Path.Combine(repoRoot, "out", "PSDropbox", "PSDropbox.psd1");
}
