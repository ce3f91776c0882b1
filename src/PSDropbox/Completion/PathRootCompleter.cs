using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSDropbox.Completion;

/// <summary>Tab completion of -PathRoot: Home and Root (a namespace id is typed, or comes from Get-DropboxNamespace).</summary>
public sealed class PathRootCompleter : IArgumentCompleter
{
    private static readonly (string Value, string Tip)[] Roots =
    [
        ("Home", "Paths are relative to the account's home folder (the default)."),
        ("Root", "Paths are relative to the account's root namespace: the team space for a team member."),
    ];

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Roots.Where(r => r.Value.StartsWith(wordToComplete ?? "", StringComparison.OrdinalIgnoreCase))
            .Select(r => new CompletionResult(r.Value, r.Value, CompletionResultType.ParameterValue, r.Tip));
}

/// <summary>Marks a -PathRoot parameter: Tab offers Home and Root.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class PathRootCompletionAttribute : ArgumentCompleterAttribute
{
    public PathRootCompletionAttribute() : base(typeof(PathRootCompleter))
    {
    }
}
