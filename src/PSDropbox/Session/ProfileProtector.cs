using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace PSDropbox;

/// <summary>Encrypts stored profiles for the current Windows user (DPAPI); elsewhere the file mode protects them.</summary>
internal static class ProfileProtector
{
    private static readonly byte[] Entropy = System.Text.Encoding.UTF8.GetBytes("PSDropbox.Profile.v1");

    private static bool UseDpapi => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    public static byte[] Protect(byte[] plain) => UseDpapi ? ProtectedData.Protect(plain, Entropy, DataProtectionScope.CurrentUser) : plain;

    public static byte[] Unprotect(byte[] stored) => UseDpapi ? ProtectedData.Unprotect(stored, Entropy, DataProtectionScope.CurrentUser) : stored;
}
