using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSDropbox.Commands;

namespace PSDropbox.Completion;

/// <summary>Tab completion of -Name with the profiles stored for the current user (Connect-Dropbox -Scope CurrentUser).</summary>
public sealed class ProfileNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        IReadOnlyList<string> names;
        try
        {
            // The runspace is busy completing, so its SessionStateProxy refuses calls; a script block runs inside it.
            var session = ((EngineIntrinsics)ScriptBlock.Create("$ExecutionContext").Invoke()[0].BaseObject).SessionState;
            names = ProfileLocation.Store(session.PSVariable, session.Path).Names();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            names = Array.Empty<string>();
        }
        // Profile names are letters, digits, '-', '_' and '.', so none needs quoting.
        return names
            .Where(name => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, $"Stored profile '{name}'"))
            .ToList();
    }
}

/// <summary>Marks a -Name parameter that names a stored profile: Tab completes it from the profiles on disk.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ProfileNameCompletionAttribute : ArgumentCompleterAttribute
{
    public ProfileNameCompletionAttribute() : base(typeof(ProfileNameCompleter))
    {
    }
}
