using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;
using PSDropbox.Content;

namespace PSDropbox.Commands;

/// <summary>Lets -Encoding take a name (utf8, unicode, ascii...), a code page number or an Encoding object, as Get-/Set-Content do.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class EncodingArgumentAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        try
        {
            return value switch
            {
                Encoding encoding => encoding,
                int codePage => Encoding.GetEncoding(codePage),
                string name => TextEncodings.Parse(name),
                _ => throw new ArgumentException($"-Encoding takes a name such as utf8 or unicode, a code page number or an Encoding; not {value?.GetType().Name ?? "null"}."),
            };
        }
        catch (ArgumentException e)
        {
            throw new ArgumentTransformationMetadataException(e.Message, e);
        }
    }
}

/// <summary>Tab completion of -Encoding names.</summary>
public sealed class EncodingNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        TextEncodings.Names
            .Where(name => name.StartsWith(wordToComplete ?? "", StringComparison.OrdinalIgnoreCase))
            .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name));
}
