using System.Buffers.Text;
using System.Security.Cryptography;

namespace PSDropbox.Emulator.Domain;

/// <summary>The random identifiers the emulator hands out (file ids, revs, tokens, link keys).</summary>
internal static class Ids
{
    public static string NewFileId() => "id:" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    public static string NewRev() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string NewAccountId() => "dbid:" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(27))[..35];

    public static long NewNamespaceId() => RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue);

    /// <summary>URL-safe random text of <paramref name="bytes"/> random bytes (tokens, codes, link keys).</summary>
    public static string NewSecret(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
}
