using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PSDropbox.Emulator.TlsProxy;

/// <summary>
/// The CA the TLS proxy signs its Dropbox host certificates with: made once per data directory and kept in
/// &lt;data&gt;/tls/ (ca.pem + ca.key.pem, owner-only), so a client told to trust ca.pem keeps trusting it across restarts.
/// </summary>
internal sealed class ProxyCertificateAuthority : IDisposable
{
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(397); // the longest any client accepts for a server certificate

    private readonly X509Certificate2 _ca;

    private ProxyCertificateAuthority(X509Certificate2 ca, string certificatePath)
    {
        _ca = ca;
        CertificatePath = certificatePath;
    }

    /// <summary>Absolute path of the CA certificate (PEM) clients trust.</summary>
    public string CertificatePath { get; }

    public static ProxyCertificateAuthority LoadOrCreate(string dataDirectory)
    {
        string dir = Path.GetFullPath(Path.Combine(dataDirectory, "tls"));
        string certPath = Path.Combine(dir, "ca.pem");
        string keyPath = Path.Combine(dir, "ca.key.pem");
        if (File.Exists(certPath) && File.Exists(keyPath))
        {
            X509Certificate2 existing;
            try
            {
                existing = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            }
            catch (CryptographicException e)
            {
                throw new InvalidOperationException(
                    $"The TLS proxy's CA in {dir} cannot be read ({e.Message}). Delete that folder to make a new CA (clients must then trust the new ca.pem).", e);
            }
            if (existing.NotAfter > DateTime.Now.AddDays(1))
            {
                return new ProxyCertificateAuthority(existing, certPath);
            }
            existing.Dispose();
        }
        CreateOwnerOnlyDirectory(dir);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=PSDropbox emulator TLS proxy CA, O=PSDropbox emulator", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        var ca = request.CreateSelfSigned(now.AddDays(-1), now.Add(CaLifetime));
        // Key first, certificate last: a crash in between leaves no ca.pem, so the next start makes a new pair.
        WriteOwnerOnly(keyPath, key.ExportPkcs8PrivateKeyPem());
        WriteOwnerOnly(certPath, ca.ExportCertificatePem());
        return new ProxyCertificateAuthority(ca, certPath);
    }

    /// <summary>A server certificate for <paramref name="host"/> (with its private key), signed by this CA.</summary>
    public X509Certificate2 IssueServerCertificate(string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // serverAuth
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = DateTimeOffset.UtcNow;
        var notAfter = now.Add(LeafLifetime) < _ca.NotAfter ? now.Add(LeafLifetime) : new DateTimeOffset(_ca.NotAfter);
        using var signed = request.Create(_ca, now.AddDays(-1), notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(key);
        // A PKCS#12 round trip gives the key a form SslStream accepts on every OS (Windows refuses ephemeral keys).
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), password: null);
    }

    public void Dispose() => _ca.Dispose();

    private static void CreateOwnerOnlyDirectory(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dir);
        }
        else
        {
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void WriteOwnerOnly(string path, string text)
    {
        string temp = path + ".tmp";
        File.Delete(temp); // a leftover keeps its old mode; a new file gets the owner-only one
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var writer = new StreamWriter(temp, System.Text.Encoding.ASCII, options))
        {
            writer.Write(text);
        }
        File.Move(temp, path, overwrite: true);
    }
}
