namespace PSDropbox.Transport;

/// <summary>Per-request flags carried in HttpRequestMessage.Properties between handlers.</summary>
internal static class RequestOptions
{
    private const string RouteKey = "PSDropbox.Route";
    private const string NoAuthKey = "PSDropbox.NoAuth";

    public static void SetRoute(this HttpRequestMessage request, string route) => request.Properties[RouteKey] = route;

    public static string GetRoute(this HttpRequestMessage request) =>
        request.Properties.TryGetValue(RouteKey, out var v) && v is string s ? s : request.RequestUri?.AbsolutePath ?? "";

    public static void SetNoAuth(this HttpRequestMessage request) => request.Properties[NoAuthKey] = true;

    public static bool IsNoAuth(this HttpRequestMessage request) => request.Properties.ContainsKey(NoAuthKey);
}
