using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

/// <summary>The users/* routes.</summary>
public sealed class UsersClient
{
    private readonly ApiCaller _api;

    internal UsersClient(ApiCaller api) => _api = api;

    /// <summary>users/get_current_account and users/get_space_usage, fetched together.</summary>
    public async Task<DropboxAccount> GetAccountAsync(CancellationToken cancellationToken)
    {
        var accountTask = _api.RpcAsync("users/get_current_account", WireJson.Default.FullAccount, cancellationToken);
        var usageTask = _api.RpcAsync("users/get_space_usage", WireJson.Default.SpaceUsage, cancellationToken);
        var account = await accountTask.ConfigureAwait(false);
        var usage = await usageTask.ConfigureAwait(false);
        return ToAccount(account, usage);
    }

    /// <summary>users/get_current_account only: the cheap call Connect-Dropbox uses to check a token.</summary>
    public async Task<DropboxAccount> GetCurrentAccountAsync(CancellationToken cancellationToken) =>
        ToAccount(await _api.RpcAsync("users/get_current_account", WireJson.Default.FullAccount, cancellationToken).ConfigureAwait(false), null);

    private static DropboxAccount ToAccount(FullAccount account, SpaceUsage? usage) => new()
    {
        AccountId = account.AccountId,
        DisplayName = account.Name.DisplayName,
        Email = account.Email,
        EmailVerified = account.EmailVerified,
        AccountType = account.AccountType?.Tag,
        Country = account.Country,
        Locale = account.Locale,
        Disabled = account.Disabled,
        RootNamespaceId = account.RootInfo?.RootNamespaceId,
        HomeNamespaceId = account.RootInfo?.HomeNamespaceId,
        HomePath = account.RootInfo?.HomePath,
        TeamId = account.Team?.Id,
        TeamName = account.Team?.Name,
        TeamMemberId = account.TeamMemberId,
        Used = usage?.Used ?? 0,
        Allocated = usage?.Allocation.Allocated ?? 0,
    };
}
