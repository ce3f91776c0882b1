using System.Security.Cryptography;
using PSDropbox.Emulator;

namespace PSDropbox.Tests.Conformance;

/// <summary>One run of the whole scenario against a fresh in-process emulator, shared by every step's test case.</summary>
public sealed class ScenarioRun
{
    private static readonly Lazy<Task<ScenarioRun>> Shared = new(() => Task.Run(RunAsync));

    private ScenarioRun(Dictionary<string, StepOutcome> outcomes, string log)
    {
        Outcomes = outcomes;
        Log = log;
    }

    public Dictionary<string, StepOutcome> Outcomes { get; }
    public string Log { get; }

    public static Task<ScenarioRun> GetAsync() => Shared.Value;

    public StepOutcome Get(string step) =>
        Outcomes.TryGetValue(step, out var o)
            ? o
            : new StepOutcome(false, "The scenario printed no result for this step (it ended early or the step was renamed).\n" + Log, 0);

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
            return new ScenarioRun(outcomes, log);
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
