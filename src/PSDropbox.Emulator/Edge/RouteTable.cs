using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Edge;

/// <summary>RPC: JSON body in/out. Upload: arg in Dropbox-API-Arg/arg, raw body. Download: arg in header/query, result in Dropbox-API-Result.</summary>
internal enum RouteStyle { Rpc, Upload, Download }

/// <summary>Route auth attribute (§1.4).</summary>
internal enum RouteAuth { User, AppOrUser, App, NoAuth, Team }

/// <summary>A route: its name, style, auth, whether its argument is Void, its handler, and where its path problems go (null: it has no path).</summary>
internal sealed record RouteDef(string Name, RouteStyle Style, RouteAuth Auth, bool VoidArg, Func<ApiContext, Task> Handler, PathErrorMapping? PathErrors);

/// <summary>All /2/{namespace}/{route} routes by name ("files/list_folder/continue"). Routes/*.cs register here.</summary>
internal sealed class RouteTable
{
    private readonly Dictionary<string, RouteDef> _routes = new(StringComparer.Ordinal);

    public void Rpc(string name, Func<ApiContext, Task> handler, PathErrorMapping? pathErrors = null, RouteAuth auth = RouteAuth.User, bool voidArg = false) =>
        Add(new RouteDef(name, RouteStyle.Rpc, auth, voidArg, handler, pathErrors));

    public void Upload(string name, Func<ApiContext, Task> handler, PathErrorMapping? pathErrors = null, RouteAuth auth = RouteAuth.User) =>
        Add(new RouteDef(name, RouteStyle.Upload, auth, false, handler, pathErrors));

    public void Download(string name, Func<ApiContext, Task> handler, PathErrorMapping? pathErrors = null, RouteAuth auth = RouteAuth.User) =>
        Add(new RouteDef(name, RouteStyle.Download, auth, false, handler, pathErrors));

    public void Add(RouteDef route) => _routes.Add(route.Name, route);

    public bool TryGet(string name, out RouteDef route) => _routes.TryGetValue(name, out route!);

    public IEnumerable<string> Names => _routes.Keys;
}

/// <summary>Everything a route handler needs for one request.</summary>
internal sealed class ApiContext
{
    public required HttpContext Http { get; init; }
    public required RouteDef Route { get; init; }
    public required EmulatorStores Stores { get; init; }

    /// <summary>The authenticated account (null for noauth and team routes), as the request sees it (its path root).</summary>
    public Account? Account { get; init; }

    /// <summary>The team of a team token (team routes; on user routes the member it acts as is <see cref="Account"/>).</summary>
    public Team? Team { get; init; }

    /// <summary>The decoded argument (JsonValueKind.Null for Void / absent).</summary>
    public required JsonElement Arg { get; init; }

    /// <summary>Where the arg came from, for 400 messages: "request body", "HTTP header \"Dropbox-API-Arg\"", "URL parameter \"arg\"".</summary>
    public required string ArgSource { get; init; }

    public CancellationToken Aborted => Http.RequestAborted;

    public ArgReader Args => new(Arg, Route.Name, ArgSource);

    public Account User => Account ?? throw new InvalidOperationException("route has no authenticated account");

    /// <summary>How paths are shown in the response: relative to the request's path root (the whole namespace without an account).</summary>
    public PathView View => Account?.View ?? PathView.Whole;

    public Task OkAsync(Action<Utf8JsonWriter> write) => Edge.Http.WriteJsonAsync(Http, 200, write);

    /// <summary>Void result: the literal body null.</summary>
    public Task OkNullAsync() => Edge.Http.WriteRawJsonAsync(Http, 200, "null");

    /// <summary>409 with error = Chain(tags).</summary>
    public static RouteErrorException Error(params string[] tags) => RouteErrorException.Of(tags);
}
