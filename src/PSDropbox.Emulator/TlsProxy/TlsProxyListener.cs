using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace PSDropbox.Emulator.TlsProxy;

/// <summary>
/// A second Kestrel listener on 127.0.0.1 that acts as an HTTP CONNECT proxy for Dropbox's hostnames, so clients that
/// insist on https://api.dropboxapi.com and friends (the official SDKs, rclone) reach the emulator: the tunnel is
/// TLS-terminated with a certificate for the requested host and its requests run through the emulator's own pipeline.
/// </summary>
internal sealed class TlsProxyListener : IDisposable
{
    /// <summary>The hosts the official SDKs and rclone call: api (RPC, oauth2/token), content, notify, and www (oauth2/authorize).</summary>
    public static readonly IReadOnlyCollection<string> DropboxHosts =
        ["api.dropboxapi.com", "content.dropboxapi.com", "notify.dropboxapi.com", "www.dropbox.com"];

    private readonly int _port;
    private readonly ProxyCertificateAuthority _ca;
    private readonly Dictionary<string, SslStreamCertificateContext> _certificates;
    private ListenOptions? _listenOptions;

    private TlsProxyListener(int port, ProxyCertificateAuthority ca)
    {
        _port = port;
        _ca = ca;
        // Only the host certificate goes on the wire: clients trust the CA that signed it directly.
        _certificates = DropboxHosts.ToDictionary(
            host => host,
            host => SslStreamCertificateContext.Create(ca.IssueServerCertificate(host), additionalCertificates: null, offline: true),
            StringComparer.Ordinal);
    }

    /// <summary>Loads (or makes, the first time) the data directory's CA and issues one certificate per Dropbox host.</summary>
    public static TlsProxyListener Create(string dataDirectory, int port) => new(port, ProxyCertificateAuthority.LoadOrCreate(dataDirectory));

    /// <summary>The CA certificate (PEM) clients must trust.</summary>
    public string CaCertificatePath => _ca.CertificatePath;

    /// <summary>http://127.0.0.1:PORT (after the server started): the value for HTTPS_PROXY.</summary>
    public Uri Url => new($"http://127.0.0.1:{_listenOptions?.IPEndPoint?.Port ?? throw new InvalidOperationException("The server has not started.")}");

    public void Listen(KestrelServerOptions kestrel) => kestrel.Listen(IPAddress.Loopback, _port, listen =>
    {
        _listenOptions = listen;
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        listen.Use(ConnectHandshake.Middleware(DropboxHosts));
        listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = context => ValueTask.FromResult(ServerOptionsFor(context)) });
    });

    private SslServerAuthenticationOptions ServerOptionsFor(TlsHandshakeCallbackContext context) => new()
    {
        // The host the client CONNECTed to, which the handshake already checked is one of ours.
        ServerCertificateContext = _certificates[(string)context.Connection.Items[ConnectHandshake.HostItem]!],
        ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
    };

    public void Dispose()
    {
        foreach (var certificate in _certificates.Values)
        {
            certificate.TargetCertificate.Dispose();
        }
        _ca.Dispose();
    }
}
