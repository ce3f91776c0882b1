using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Completion;
using PSDropbox.Provider;
using PSDropbox.SignIn;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Signs out: revokes the tokens this module obtained, deletes the stored profile and closes the connection.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "Dropbox")]
[OutputType(typeof(void))]
public sealed class DisconnectDropboxCommand : ConnectionCmdlet
{
    /// <summary>
    /// A stored profile to remove (revoked at Dropbox, deleted from disk) instead of, or besides, the connection. Without it,
    /// the current connection (or the one given with -Connection) is closed.
    /// </summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [ProfileNameCompletion]
    public string? Name { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            Disconnect();
        }
        finally
        {
            DropboxDrives.Unmount(SessionState);
        }
    }

    private void Disconnect()
    {
        if (Connection is not null)
        {
            ConnectionRegistry.Forget(Connection);
            Close(Connection);
            if (Name is not null && !Uses(Connection, Name)) RemoveStoredProfile(Name);
            return;
        }
        if (Name is null || (ConnectionRegistry.Current is { } current && Uses(current, Name)))
        {
            if (ConnectionRegistry.Disconnect() is { } previous) Close(previous);
            else WriteVerbose("There was no Dropbox connection to disconnect.");
            return;
        }
        RemoveStoredProfile(Name);
    }

    private bool Uses(DropboxConnection connection, string name) =>
        connection.OAuth?.Profile is { } p && p.Name == name && p.Store.Directory == ProfileLocation.Store(this).Directory;

    private void Close(DropboxConnection connection)
    {
        if (!connection.IsOpen)
        {
            WriteVerbose($"{connection} was already disconnected.");
            return;
        }
        try
        {
            // Tokens passed in with -AccessToken belong to the caller; only what the module signed in for is revoked.
            if (connection.OAuth is not null) Revoke(connection);
            if (connection.OAuth?.Profile is { } profile) Delete(profile.Store, profile.Name);
            WriteVerbose($"Disconnected {connection}.");
        }
        finally
        {
            connection.Dispose();
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
                    using var connection = await new SignInService(ConnectionSettings.From(stored)).FromProfileAsync(store, name, stored, cancellationToken).ConfigureAwait(false);
                    await connection.TokenClient.Auth.RevokeAsync(cancellationToken).ConfigureAwait(false);
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
                await connection.TokenClient.Auth.RevokeAsync(cancellationToken).ConfigureAwait(false);
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
