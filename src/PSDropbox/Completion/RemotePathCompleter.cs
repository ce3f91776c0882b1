using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using PSDropbox.Commands;

namespace PSDropbox.Completion;

/// <summary>
/// Tab completion of remote paths: lists the folder being typed in (one cached listing per folder) and offers the
/// items whose names start with what was typed. It never falls back to local file names, and gives up quietly when
/// there is no connection or Dropbox does not answer within a few seconds.
/// </summary>
public sealed class RemotePathCompleter : IArgumentCompleter
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        // An empty list (not null) tells PowerShell not to offer local file names instead.
        var none = Array.Empty<CompletionResult>();
        if (RemotePathWord.Parse(wordToComplete) is not { } word || ConnectionOf(fakeBoundParameters) is not { IsOpen: true, Client: { } client } connection) return none;
        if (fakeBoundParameters?["PathRoot"] is string pathRoot)
        {
            try
            {
                client = connection.ClientFor(pathRoot);
            }
            catch (ArgumentException)
            {
                return none;
            }
        }
        IReadOnlyList<DropboxItem> items;
        try
        {
            using var timeout = new CancellationTokenSource(Patience);
            items = Task.Run(() => FolderListingCache.Shared.ListAsync(client, word.Folder, timeout.Token)).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return none;
        }
        return items
            .Where(item => item is not DropboxDeleted && word.Matches(item.Name))
            .OrderBy(item => item is DropboxFolder ? 0 : 1).ThenBy(item => item.Name, StringComparer.OrdinalIgnoreCase)
            .Select(item => Result(word, item))
            .ToList();
    }

    /// <summary>The connection the command line names with -Connection (when it is a variable already set), else the current one; -PathRoot on the line applies.</summary>
    private static DropboxConnection? ConnectionOf(IDictionary fakeBoundParameters)
    {
        var given = fakeBoundParameters?["Connection"];
        if (given is PSObject wrapped) given = wrapped.BaseObject;
        return given as DropboxConnection ?? ConnectionRegistry.Current;
    }

    private static CompletionResult Result(RemotePathWord word, DropboxItem item)
    {
        var isFolder = item is DropboxFolder;
        var path = item.Path ?? word.Folder + "/" + item.Name;
        var tip = item is DropboxFile file ? $"{path} ({file.Size:N0} bytes, {file.LastWriteTime:g})" : path;
        return new CompletionResult(word.CompletionText(path, isFolder), isFolder ? item.Name + "/" : item.Name,
            isFolder ? CompletionResultType.ProviderContainer : CompletionResultType.ProviderItem, tip);
    }
}

/// <summary>Marks a parameter that takes remote Dropbox paths: Tab completes them from the connected Dropbox.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class RemotePathCompletionAttribute : ArgumentCompleterAttribute
{
    public RemotePathCompletionAttribute() : base(typeof(RemotePathCompleter))
    {
    }
}
