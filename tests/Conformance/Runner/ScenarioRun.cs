using System.Security.Cryptography;
using System.Text.Json;
using PSDropbox.Emulator;

namespace PSDropbox.Tests.Conformance;

/// <summary>One run of the whole scenario against a fresh in-process emulator, shared by every step's test case.</summary>
public sealed class ScenarioRun
{
    private static readonly Lazy<Task<ScenarioRun>> Shared = new(() => Task.Run(RunAsync));

    private ScenarioRun(Dictionary<string, StepOutcome> outcomes, string log, IReadOnlySet<string> calledRoutes)
    {
        Outcomes = outcomes;
        Log = log;
        CalledRoutes = calledRoutes;
    }

    public Dictionary<string, StepOutcome> Outcomes { get; }
    public string Log { get; }

    /// <summary>Every route the scenario called, from the emulator's request log (e.g. "files/list_folder").</summary>
    public IReadOnlySet<string> CalledRoutes { get; }

    public static Task<ScenarioRun> GetAsync() => Shared.Value;

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

    private static async Task<ScenarioRun> RunAsync()
    {
        string dataDir = Path.Combine(Path.GetTempPath(), "psdbx-conformance", Guid.NewGuid().ToString("N"));
        string token = "sl.PSDCONF." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        try
        {
            await using var emulator = await DropboxEmulator.StartAsync(
                new EmulatorOptions { Port = 0, DataDirectory = dataDir, AccessToken = token }).ConfigureAwait(false);
            var (outcomes, log) = ScenarioProcess.RunSteps(
                ["--base-url", emulator.BaseUrl.ToString(), "--token", token], TimeSpan.FromMinutes(3));
            return new ScenarioRun(outcomes, log, await CalledRoutesAsync(emulator.BaseUrl).ConfigureAwait(false));
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
