using System.Management.Automation;
using PSDropbox.Client;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Signs out: revokes the tokens this module obtained, deletes the stored profile and forgets the connection.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "Dropbox")]
[OutputType(typeof(void))]
public sealed class DisconnectDropboxCommand : DropboxCmdlet
{
    /// <summary>A stored profile to remove (revoked at Dropbox, deleted from disk) instead of, or besides, the current connection.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    protected override void EndProcessing()
    {
        var current = ConnectionRegistry.Current;
        if (Name is null || (current?.OAuth?.Profile is { } p && p.Name == Name && p.Store.Directory == ProfileLocation.Store(this).Directory))
        {
            DisconnectCurrent();
            return;
        }
        RemoveStoredProfile(Name);
    }

    private void DisconnectCurrent()
    {
        var previous = ConnectionRegistry.Replace(null);
        if (previous is null)
        {
            WriteVerbose("There was no Dropbox connection to disconnect.");
            return;
        }
        try
        {
            // Tokens passed in with -AccessToken belong to the caller; only what the module signed in for is revoked.
            if (previous.OAuth is not null) Revoke(previous);
            if (previous.OAuth?.Profile is { } profile) Delete(profile.Store, profile.Name);
            WriteVerbose($"Disconnected {previous}.");
        }
        finally
        {
            previous.Dispose();
        }
    }

    private void RemoveStoredProfile(string name)
    {
        var store = ProfileLocation.Store(this);
        StoredProfile? stored = null;
        try
        {
            stored = store.Read(name) ?? throw new ProfileNotFoundException(name, store.Directory);
        }
        catch (ProfileUnreadableException e)
        {
            WriteWarning(e.Message + " It is deleted without being revoked.");
        }
        catch (Exception e) when (e is ProfileNotFoundException || e is ArgumentException || e is IOException || e is UnauthorizedAccessException)
        {
            ThrowTerminatingError(ErrorRecords.From(e, name));
        }
        if (stored is not null)
        {
            Run(async (bridge, cancellationToken) =>
            {
                try
                {
                    using var connection = await DropboxConnection.OpenProfileAsync(store, name, stored, cancellationToken).ConfigureAwait(false);
                    await connection.Client.Auth.RevokeAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (CannotRevoke(e))
                {
                    bridge.WriteWarning($"Could not revoke the tokens of profile '{name}' at Dropbox ({e.Message}); its stored credentials are deleted anyway.");
                }
            }, name);
        }
        Delete(store, name);
    }

    private void Revoke(DropboxConnection connection) =>
        Run(async (bridge, cancellationToken) =>
        {
            try
            {
                await connection.Client.Auth.RevokeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (CannotRevoke(e))
            {
                bridge.WriteWarning($"Could not revoke the token at Dropbox ({e.Message}); the session is cleared anyway.");
            }
        }, connection.AccountId);

    // Signing out must finish even when Dropbox cannot be reached or already forgot the token.
    private static bool CannotRevoke(Exception e) =>
        e is DropboxException || e is ArgumentException || e is IOException || e is UnauthorizedAccessException || e is TimeoutException;

    private void Delete(TokenStore store, string name)
    {
        try
        {
            if (store.Delete(name)) WriteVerbose($"Deleted the stored profile '{name}'.");
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            WriteError(ErrorRecords.From(e, store.PathOf(name)));
        }
    }
}
