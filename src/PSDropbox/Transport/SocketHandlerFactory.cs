using System.Net;
using System.Reflection;

namespace PSDropbox.Transport;

/// <summary>
/// Makes the handler that talks to the network, with the connection's proxy. On PowerShell 7 (.NET) that is
/// SocketsHttpHandler, which netstandard2.0 cannot name at compile time, so it is created and configured by reflection:
/// its ConnectTimeout makes a connection attempt that a timed-out request leaves behind end too (.NET keeps such
/// attempts for the next request, which would otherwise wait on a dead handshake). On Windows PowerShell (.NET
/// Framework) it is HttpClientHandler.
/// </summary>
internal static class SocketHandlerFactory
{
    private static readonly Type? SocketsHttpHandler = Type.GetType("System.Net.Http.SocketsHttpHandler, System.Net.Http", throwOnError: false);

    public static HttpMessageHandler Create(TransportSettings settings)
    {
        var (useProxy, proxy, credentials) = ProxyFor(settings);
        if (SocketsHttpHandler is null)
        {
            var framework = new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false, UseProxy = useProxy };
            if (proxy is not null) framework.Proxy = proxy;
            else if (credentials is not null) framework.DefaultProxyCredentials = credentials;
            return framework;
        }
        var handler = (HttpMessageHandler)Activator.CreateInstance(SocketsHttpHandler)!;
        Set(handler, "UseCookies", false);
        Set(handler, "AllowAutoRedirect", false);
        Set(handler, "ConnectTimeout", settings.ConnectionTimeout);
        Set(handler, "UseProxy", useProxy);
        if (proxy is not null) Set(handler, "Proxy", proxy);
        else if (credentials is not null) Set(handler, "DefaultProxyCredentials", credentials);
        return handler;
    }

    /// <summary>-NoProxy: none; -Proxy: that one; else the environment's (read now), else the system's (the stack's default).</summary>
    private static (bool UseProxy, IWebProxy? Proxy, ICredentials? DefaultCredentials) ProxyFor(TransportSettings settings)
    {
        if (settings.NoProxy) return (false, null, null);
        if (settings.Proxy is not null) return (true, new WebProxy(settings.Proxy) { Credentials = settings.ProxyCredentials }, null);
        if (EnvironmentProxy.FromEnvironment() is { } environment)
        {
            if (settings.ProxyCredentials is not null) environment.Credentials = settings.ProxyCredentials;
            return (true, environment, null);
        }
        return (true, null, settings.ProxyCredentials);
    }

    private static void Set(object target, string property, object value) =>
        (target.GetType().GetProperty(property, BindingFlags.Public | BindingFlags.Instance)
         ?? throw new MissingMemberException(target.GetType().FullName, property)).SetValue(target, value);
}
