using System.Security.Cryptography;
using System.Text;

namespace PSDropbox.SignIn;

/// <summary>A PKCE pair (RFC 7636, S256): the verifier stays here, the challenge goes into the authorize URL.</summary>
internal sealed class Pkce
{
    private Pkce(string verifier)
    {
        Verifier = verifier;
        using var sha = SHA256.Create();
        Challenge = Base64Url(sha.ComputeHash(Encoding.ASCII.GetBytes(verifier)));
    }

    public string Verifier { get; }
    public string Challenge { get; }

    /// <summary>64 random bytes: an 86-character verifier (43-128 allowed).</summary>
    public static Pkce Create() => new(Base64Url(RandomBytes(64)));

    public static string RandomState() => Base64Url(RandomBytes(32));

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        using var rng = RandomNumberGenerator.Create();
        rng.GetBytes(bytes);
        return bytes;
    }

    public override string ToString() => "Pkce(***)";
}
