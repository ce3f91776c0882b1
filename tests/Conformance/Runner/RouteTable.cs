using System.Text.RegularExpressions;

namespace PSDropbox.Tests.Conformance;

/// <summary>
/// The route -> steps table in tests/Conformance/README.md must be true: every route it lists was called through the
/// SDK during the run (seen in the emulator's request log).
/// </summary>
public static partial class RouteTable
{
    [GeneratedRegex(@"^\| `(?<route>[a-z0-9_]+(/[a-z0-9_]+)+)` \|", RegexOptions.Multiline)]
    private static partial Regex RouteRow();

    public static IReadOnlyList<string> ListedRoutes() =>
        RouteRow().Matches(File.ReadAllText(Path.Combine(ScenarioProcess.ProjectDir, "README.md")))
            .Select(m => m.Groups["route"].Value).ToList();

    public static StepOutcome Check(IReadOnlySet<string> called)
    {
        var listed = ListedRoutes();
        if (listed.Count == 0)
        {
            return new StepOutcome(false, "No routes found in the README's route table.", 0);
        }
        var missing = listed.Where(r => !called.Contains(r)).ToList();
        return missing.Count == 0
            ? new StepOutcome(true, "", 0)
            : new StepOutcome(false, "Listed in tests/Conformance/README.md but never called by the scenario: " + string.Join(", ", missing), 0);
    }
}
