using System.Security.Cryptography;
using PSDropbox.Emulator;

namespace PSDropbox.Tests.Conformance;

/// <summary>
/// A client nobody on this team wrote, with the program that drives it against a fresh emulator: the official JS SDK
/// (node scenario.js, straight to the emulator's URL) and the official Python SDK (python/scenario.py, through the
/// emulator's TLS proxy as Dropbox's hostnames). Each prints one "##conformance {json}" line per step.
/// </summary>
public sealed class Scenario
{
    public static readonly Scenario Js = new("js", "Conformance", "node", "scenario.js",
        "Node.js (node 18 or later on PATH) to run the official Dropbox JS SDK. Install it (e.g. apt-get install nodejs npm) and run `npm ci` in tests/Conformance",
        "README route table: every listed route is called through the SDK");

    public static readonly Scenario Python = new("python", "Conformance (Python SDK)", File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3",
        Path.Combine("python", "scenario.py"),
        "the official Dropbox Python SDK: apt-get install python3-dropbox (Debian; it runs with /usr/bin/python3)",
        "every route the emulator serves is called through the SDK");

    private Scenario(string key, string displayName, string command, string script, string install, string routeCheckName)
    {
        Key = key;
        DisplayName = displayName;
        Command = command;
        Script = script;
        Install = install;
        RouteCheckName = routeCheckName;
    }

    public string Key { get; }

    /// <summary>Test names are "{DisplayName} > {step}".</summary>
    public string DisplayName { get; }

    public string Command { get; }

    /// <summary>Relative to tests/Conformance.</summary>
    public string Script { get; }

    /// <summary>What to install when <see cref="Command"/> cannot run the scenario.</summary>
    public string Install { get; }

    /// <summary>The extra test case that checks which routes the run called.</summary>
    public string RouteCheckName { get; }

    public static Scenario ByKey(string key) => key switch
    {
        "js" => Js,
        "python" => Python,
        _ => throw new ArgumentException($"unknown conformance scenario '{key}'", nameof(key)),
    };

    /// <summary>JS: the README's route table is true. Python: the scenario reached every route the emulator serves.</summary>
    public StepOutcome CheckRoutes(ScenarioRun run)
    {
        if (this == Js)
        {
            return RouteTable.Check(run.CalledRoutes);
        }
        // team/* routes need the emulator in team mode: PythonSdkTeamTests checks those against its own run.
        var missing = run.ServedRoutes.Where(r => !r.StartsWith("team/", StringComparison.Ordinal) && !run.CalledRoutes.Contains(r))
            .Order(StringComparer.Ordinal).ToList();
        return missing.Count == 0
            ? new StepOutcome(true, "", 0)
            : new StepOutcome(false, "The emulator serves routes the Python scenario never calls: " + string.Join(", ", missing), 0);
    }

    /// <summary>The emulator a run starts, and the arguments and environment the scenario gets.</summary>
    public (EmulatorOptions Options, Func<DropboxEmulator, (string[] Args, Dictionary<string, string?> Environment)> Invocation) Setup(string dataDir)
    {
        string token = "sl.PSDCONF." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var options = new EmulatorOptions { Port = 0, DataDirectory = dataDir, AccessToken = token };
        if (this == Js)
        {
            return (options, emulator => (["--base-url", emulator.BaseUrl.ToString(), "--token", token], []));
        }
        string bobToken = "sl.PSDBOB." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        const string appKey = "conformance-python-app";
        options.TlsProxyPort = 0;
        options.Accounts = [new EmulatorAccount("bob", bobToken)];
        options.Apps.Add(new EmulatorApp { AppKey = appKey });
        return (options, emulator =>
        {
            string proxy = emulator.TlsProxyUrl!.GetLeftPart(UriPartial.Authority);
            var environment = new Dictionary<string, string?>
            {
                ["HTTPS_PROXY"] = proxy, ["https_proxy"] = proxy,
                ["NO_PROXY"] = "127.0.0.1,localhost", ["no_proxy"] = "127.0.0.1,localhost",
                ["HTTP_PROXY"] = null, ["http_proxy"] = null, ["ALL_PROXY"] = null, ["all_proxy"] = null,
                ["REQUESTS_CA_BUNDLE"] = emulator.TlsCaCertificatePath, // wins over the SDK's own ca_certs
            };
            return (["--base-url", emulator.BaseUrl.ToString(), "--token", token, "--token2", bobToken, "--app-key", appKey], environment);
        });
    }
}
