using System.Management.Automation;

namespace PSDropbox.Commands;

/// <summary>Where CurrentUser profiles live: $PSDropboxProfilePath when set (tests, portable setups), else the user's config folder.</summary>
internal static class ProfileLocation
{
    public const string VariableName = "PSDropboxProfilePath";

    public static TokenStore Store(PSCmdlet cmdlet) => Store(cmdlet.SessionState.PSVariable, cmdlet.SessionState.Path);

    public static TokenStore Store(PSVariableIntrinsics variables, PathIntrinsics paths)
    {
        var value = variables.GetValue(VariableName);
        if (value is PSObject wrapped) value = wrapped.BaseObject;
        return new TokenStore(value is string { Length: > 0 } path ? paths.GetUnresolvedProviderPathFromPSPath(path) : TokenStore.DefaultDirectory);
    }
}
