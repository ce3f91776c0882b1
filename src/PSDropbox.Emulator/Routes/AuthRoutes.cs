using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>auth/* routes.</summary>
internal static class AuthRoutes
{
    public static void Register(RouteTable t)
    {
        t.Rpc("auth/token/revoke", RevokeAsync, voidArg: true);
    }

    /// <summary>Revokes the calling token and, for OAuth tokens, its refresh token and every access token of that family.</summary>
    private static Task RevokeAsync(ApiContext ctx)
    {
        string credential = ctx.Http.Request.Headers.Authorization.Count > 0
            ? ctx.Http.Request.Headers.Authorization.ToString()
            : ctx.Http.Request.Query["authorization"].ToString();
        ctx.Stores.Tokens.Revoke(credential["Bearer ".Length..]);
        return ctx.OkNullAsync();
    }
}
