using System.Diagnostics;
using PSDropbox.Emulator.Admin;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Edge;

/// <summary>POST (and GET for download routes) /2/{namespace}/{route...}: lookup → auth → arg → handler → exact error shapes.</summary>
internal static class ApiEndpoint
{
    public static void Map(WebApplication app, RouteTable routes, EmulatorStore store, RequestLog log)
    {
        app.MapMethods("/2/{**route}", ["POST", "GET"], (HttpContext http) => HandleAsync(http, routes, store, log));
    }

    private static async Task HandleAsync(HttpContext http, RouteTable routes, EmulatorStore store, RequestLog log)
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
            var account = Decoding.Authenticate(http, route, store);
            var (arg, source) = await Decoding.DecodeArgAsync(http, route).ConfigureAwait(false);
            var ctx = new ApiContext { Http = http, Route = route, Store = store, Account = account, Arg = arg, ArgSource = source };
            await route.Handler(ctx).ConfigureAwait(false);
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
