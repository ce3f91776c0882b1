using System.Management.Automation;

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

    public bool Matches(string name)
    {
        if (_patterns is null) return true;
        var hits = _patterns.Where(p => p.Pattern.IsMatch(name)).ToList();
        foreach (var hit in hits) _matched.Add(hit.Name);
        return hits.Count > 0;
    }

    /// <summary>An ObjectNotFound error (<paramref name="errorId"/>) for each literal name that matched nothing.</summary>
    public IEnumerable<ErrorRecord> Unmatched(string errorId, string what) =>
        (_patterns ?? [])
            .Where(p => !WildcardPattern.ContainsWildcardCharacters(p.Name) && !_matched.Contains(p.Name))
            .Select(p => new ErrorRecord(new ItemNotFoundException($"The team has no {what} named '{p.Name}'."), errorId, ErrorCategory.ObjectNotFound, p.Name));
}
