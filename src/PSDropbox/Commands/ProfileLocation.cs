using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>Where CurrentUser profiles live: $PSDropboxProfilePath when set (tests, portable setups), else the user's config folder.</summary>
internal static class ProfileLocation
{
    public const string VariableName = "PSDropboxProfilePath";

    public static TokenStore Store(PSCmdlet cmdlet)
    {
        var value = cmdlet.SessionState.PSVariable.GetValue(VariableName);
        if (value is PSObject wrapped) value = wrapped.BaseObject;
        return new TokenStore(value is string { Length: > 0 } path ? cmdlet.GetUnresolvedProviderPathFromPSPath(path) : TokenStore.DefaultDirectory);
    }
}
