using System.Management.Automation;
using PSDropbox.Client;

namespace PSDropbox.Commands;

/// <summary>
/// -Name of the team list cmdlets: wildcard patterns (any case). A name given without wildcards that matched nothing is
/// reported, as Get-Item reports a missing item.
/// </summary>
internal sealed class TeamListFilter
{
    private readonly List<(string Name, WildcardPattern Pattern)>? _patterns;
    private readonly HashSet<string> _matched = new(StringComparer.Ordinal);

    private TeamListFilter(List<(string, WildcardPattern)>? patterns) => _patterns = patterns;

    public static TeamListFilter Create(PSCmdlet cmdlet, string[]? names)
    {
        if (names is null) return new TeamListFilter(null);
        try
        {
            return new TeamListFilter(names.Select(n => (n, new WildcardPattern(n, WildcardOptions.IgnoreCase))).ToList());
        }
        catch (WildcardPatternException e)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.From(e, string.Join(", ", names)));
            throw; // unreachable
        }
    }

    /// <summary>
    /// Writes the items of every page <paramref name="list"/> gives (from a null cursor until there are no more) whose
    /// name matches, then an ObjectNotFound error (<paramref name="errorId"/>) for each literal name that matched nothing.
    /// </summary>
    public async Task WriteMatchesAsync<T>(PipelineBridge bridge, Func<string?, CancellationToken, Task<TeamPage<T>>> list, Func<T, string> nameOf,
        string errorId, string what, CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await list(cursor, cancellationToken).ConfigureAwait(false);
            await bridge.WriteObjectsAsync(page.Items.Where(item => Matches(nameOf(item))).Cast<object?>()).ConfigureAwait(false);
            cursor = page.HasMore ? page.Cursor : null;
        }
        while (cursor is not null);
        foreach (var error in Unmatched(errorId, what)) bridge.WriteError(error);
    }

    private bool Matches(string name)
    {
        if (_patterns is null) return true;
        var hits = _patterns.Where(p => p.Pattern.IsMatch(name)).ToList();
        foreach (var hit in hits) _matched.Add(hit.Name);
        return hits.Count > 0;
    }

    private IEnumerable<ErrorRecord> Unmatched(string errorId, string what) =>
        (_patterns ?? [])
            .Where(p => !WildcardPattern.ContainsWildcardCharacters(p.Name) && !_matched.Contains(p.Name))
            .Select(p => new ErrorRecord(new ItemNotFoundException($"The team has no {what} named '{p.Name}'."), errorId, ErrorCategory.ObjectNotFound, p.Name));
}
