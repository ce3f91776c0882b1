using System.Diagnostics;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Edge;

/// <summary>
/// POST (and GET for download routes) /2/{namespace}/{route...}: lookup → auth → arg → handler → exact error shapes:
/// 400 text and 401 from the edge, 409 from <see cref="RouteErrorException"/>, path problems under the route's declared tag.
/// </summary>
internal static class ApiEndpoint
{
    public static void Map(WebApplication app, RouteTable routes, EmulatorStores stores, RequestLog log)
    {
        app.MapMethods("/2/{**route}", ["POST", "GET"], (HttpContext http) => HandleAsync(http, routes, stores, log));
    }

    private static async Task HandleAsync(HttpContext http, RouteTable routes, EmulatorStores stores, RequestLog log)
    {
        var sw = Stopwatch.StartNew();
        string name = http.Request.RouteValues["route"] as string ?? "";
        try
        {
            if (!routes.TryGet(name, out var route))
            {
                throw new BadRequestException($"Unknown API function: \"{name}\"");
            }
            if (HttpMethods.IsGet(http.Request.Method) && route.Style != RouteStyle.Download)
            {
                throw BadRequestException.InCall(name, "Only POST is supported for this function.");
            }
            var (account, team) = Decoding.Authenticate(http, route, stores);
            if (account is not null)
            {
                account = PathRootHeader.Apply(http, route, stores, account);
            }
            var (arg, source) = await Decoding.DecodeArgAsync(http, route).ConfigureAwait(false);
            var ctx = new ApiContext { Http = http, Route = route, Stores = stores, Account = account, Team = team, Arg = arg, ArgSource = source };
            try
            {
                await route.Handler(ctx).ConfigureAwait(false);
            }
            catch (PathProblemException p) when (route.PathErrors is not null)
            {
                throw route.PathErrors(p);
            }
        }
        catch (RouteErrorException ex) when (!http.Response.HasStarted)
        {
            await Http.WriteErrorJsonAsync(http, 409, ex.Error, ex.UserMessage).ConfigureAwait(false);
        }
        catch (ApiException ex) when (!http.Response.HasStarted)
        {
            await ex.WriteAsync(http).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // client went away
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            await Http.WriteTextAsync(http, 500, $"Internal emulator error: {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
        }
        finally
        {
            string range = http.Request.Headers.Range.ToString();
            log.Add(http.Request.Method, name, http.Response.StatusCode, sw.ElapsedMilliseconds, http.Items[Faults.FaultInjector.ItemKey]?.ToString(),
                range.Length > 0 ? range : null);
        }
    }
}
