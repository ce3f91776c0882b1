using System.Management.Automation;
using PSDropbox.Completion;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Lists the Dropbox sign-ins stored for the current user (Connect-Dropbox -Scope CurrentUser), without their secrets.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "DropboxProfile")]
[OutputType(typeof(DropboxProfile))]
public sealed class GetDropboxProfileCommand : PSCmdlet
{
    /// <summary>Profile names to list; wildcards allowed. All profiles by default.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ProfileNameCompletion]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        var store = ProfileLocation.Store(this);
        var names = store.Names();
        var patterns = (Name ?? new[] { "*" }).Select(n => new WildcardPattern(n, WildcardOptions.IgnoreCase)).ToList();
        foreach (var name in names.Where(n => patterns.Any(p => p.IsMatch(n))))
        {
            try
            {
                if (store.Read(name) is { } stored) WriteObject(ToProfile(stored, name, store.PathOf(name)));
            }
            catch (Exception e) when (e is ProfileUnreadableException || e is IOException || e is UnauthorizedAccessException)
            {
                WriteError(ErrorRecords.From(e, name));
            }
        }
        foreach (var literal in (Name ?? Array.Empty<string>()).Where(n => !WildcardPattern.ContainsWildcardCharacters(n)))
        {
            if (!names.Contains(literal, StringComparer.OrdinalIgnoreCase))
                WriteError(ErrorRecords.From(new ProfileNotFoundException(literal, store.Directory), literal));
        }
    }

    private static DropboxProfile ToProfile(StoredProfile stored, string name, string path) => new()
    {
        Name = name,
        AccountId = stored.AccountId,
        DisplayName = stored.DisplayName,
        Email = stored.Email,
        AppKey = stored.AppKey,
        Endpoint = stored.Endpoint is null ? "Dropbox" : new Uri(stored.Endpoint).GetLeftPart(UriPartial.Authority),
        LastUpdated = DateTimeOffset.FromUnixTimeSeconds(stored.SavedAt).LocalDateTime,
        Path = path,
    };
}
