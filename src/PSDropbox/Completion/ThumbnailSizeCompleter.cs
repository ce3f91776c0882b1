using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace PSDropbox.Completion;

/// <summary>
/// Save-DropboxThumbnail -Size: Dropbox's ThumbnailSize values, completed in size order (w32h32 ... w2048h1536) and checked
/// case-insensitively. Not a ValidateSet: PowerShell completes a ValidateSet's values sorted as text (w1024h768 first)
/// and ignores a completer beside it.
/// </summary>
public sealed class ThumbnailSizeAttribute : ValidateArgumentsAttribute
{
    public static readonly IReadOnlyList<string> Sizes =
        new[] { "w32h32", "w64h64", "w128h128", "w256h256", "w480h320", "w640h480", "w960h640", "w1024h768", "w2048h1536" };

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        if (arguments is string size && Sizes.Contains(size, StringComparer.OrdinalIgnoreCase)) return;
        throw new ValidationMetadataException($"The argument \"{arguments}\" is not a thumbnail size. Specify one of: {string.Join(", ", Sizes)}.");
    }
}

/// <summary>Completes <see cref="ThumbnailSizeAttribute.Sizes"/> in their order, filtered by what is typed.</summary>
public sealed class ThumbnailSizeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var prefix = (wordToComplete ?? "").Trim('\'', '"');
        return ThumbnailSizeAttribute.Sizes
            .Where(size => size.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(size => new CompletionResult(size, size, CompletionResultType.ParameterValue, size))
            .ToList();
    }
}
