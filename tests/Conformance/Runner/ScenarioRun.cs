using System.Collections.Concurrent;
using System.Text.Json;
using PSDropbox.Emulator;

namespace PSDropbox.Tests.Conformance;

/// <summary>One run of a whole scenario against its own fresh in-process emulator, shared by every step's test case.</summary>
public sealed class ScenarioRun
{
    private static readonly ConcurrentDictionary<Scenario, Lazy<Task<ScenarioRun>>> Runs = new();

    private ScenarioRun(Dictionary<string, StepOutcome> outcomes, string log, IReadOnlySet<string> calledRoutes, IReadOnlyCollection<string> servedRoutes)
    {
        Outcomes = outcomes;
        Log = log;
        CalledRoutes = calledRoutes;
        ServedRoutes = servedRoutes;
    }

    public Dictionary<string, StepOutcome> Outcomes { get; }
    public string Log { get; }

    /// <summary>Every route the scenario called, from the emulator's request log (e.g. "files/list_folder").</summary>
    public IReadOnlySet<string> CalledRoutes { get; }

    /// <summary>Every API route the emulator serves.</summary>
    public IReadOnlyCollection<string> ServedRoutes { get; }

    public static Task<ScenarioRun> GetAsync(Scenario scenario) =>
        Runs.GetOrAdd(scenario, s => new Lazy<Task<ScenarioRun>>(() => Task.Run(() => RunAsync(s)))).Value;

    public StepOutcome Get(string step) =>
        Outcomes.TryGetValue(step, out var o)
            ? o
            : new StepOutcome(false, "The scenario printed no result for this step (it ended early or the step was renamed).\n" + Log, 0);

    private static async Task<HashSet<string>> CalledRoutesAsync(Uri baseUrl)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        using var log = JsonDocument.Parse(await http.GetStringAsync("_emulator/requests").ConfigureAwait(false));
        return log.RootElement.EnumerateArray().Select(e => e.GetProperty("route").GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<ScenarioRun> RunAsync(Scenario scenario)
    {
        string dataDir = Path.Combine(Path.GetTempPath(), "psdbx-conformance", Guid.NewGuid().ToString("N"));
        try
        {
            var (options, invocation) = scenario.Setup(dataDir);
            await using var emulator = await DropboxEmulator.StartAsync(options).ConfigureAwait(false);
            var (args, environment) = invocation(emulator);
            var (outcomes, log) = ScenarioProcess.RunSteps(scenario, args, environment, TimeSpan.FromMinutes(5));
            return new ScenarioRun(outcomes, log, await CalledRoutesAsync(emulator.BaseUrl).ConfigureAwait(false), emulator.RouteNames);
        }
        finally
        {
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
