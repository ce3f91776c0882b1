using System.Diagnostics;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.OAuth;

/// <summary>Maps /oauth2/authorize (GET page, POST answer) and /oauth2/token; each request goes into the request log.</summary>
internal static class OAuthEndpoints
{
    public static void Map(WebApplication app, OAuthServer oauth, EmulatorStores stores, RequestLog log)
    {
        app.MapGet("/oauth2/authorize", (HttpContext http) => Logged(http, log, "oauth2/authorize", () => AuthorizeEndpoint.GetAsync(http, oauth, stores.Accounts)));
        app.MapPost("/oauth2/authorize", (HttpContext http) => Logged(http, log, "oauth2/authorize", () => AuthorizeEndpoint.PostAsync(http, oauth)));
        app.MapPost("/oauth2/token", (HttpContext http) => Logged(http, log, "oauth2/token", () => TokenEndpoint.PostAsync(http, oauth, stores)));
    }

    private static async Task Logged(HttpContext http, RequestLog log, string route, Func<Task> handler)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await handler();
        }
        finally
        {
            log.Add(http.Request.Method, route, http.Response.StatusCode, watch.ElapsedMilliseconds);
        }
    }
}
