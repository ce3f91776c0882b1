using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PSDropbox.Transfers;

/// <summary>
/// What -Resume needs to continue an upload session: a small JSON file per (local path, size, mtime, destination) under
/// the user's local app data (PSDropbox/uploads), readable by its owner only. It holds no token, only the session id
/// and the last offset the server confirmed.
/// </summary>
internal sealed class UploadState
{
    [JsonPropertyName("session_id")] public string SessionId { get; set; } = "";
    [JsonPropertyName("offset")] public long Offset { get; set; }
    [JsonPropertyName("local_path")] public string LocalPath { get; set; } = "";
    [JsonPropertyName("size")] public long Size { get; set; }
    [JsonPropertyName("last_write_utc")] public DateTime LastWriteUtc { get; set; }
    [JsonPropertyName("destination")] public string Destination { get; set; } = "";
    /// <summary>The crypt nonce of an encrypted upload (base64): a resume must seal the rest under the same one.</summary>
    [JsonPropertyName("crypt_nonce")] public string? CryptNonce { get; set; }

    public static string Directory =>
        System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
            "PSDropbox", "uploads");

    /// <summary>The state file for this upload: the same file, unchanged, to the same destination.</summary>
    public static string PathFor(string localPath, long size, DateTime lastWriteUtc, string destination)
    {
        var key = $"{localPath}\n{size}\n{lastWriteUtc.Ticks}\n{destination.ToLowerInvariant()}";
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(key));
        return System.IO.Path.Combine(Directory, string.Concat(digest.Take(16).Select(b => b.ToString("x2"))) + ".json");
    }

    public static UploadState? Load(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), TransferStateJson.Default.UploadState) : null;
        }
        catch (JsonException)
        {
            return null; // a damaged state file only means starting over
        }
    }

    /// <summary>Writes the file atomically (temp + rename), created owner-only before any content goes in.</summary>
    public void Save(string path)
    {
        System.IO.Directory.CreateDirectory(Directory);
        OwnerOnly(Directory, directory: true);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            OwnerOnly(temp, directory: false);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(this, TransferStateJson.Default.UploadState);
            stream.Write(bytes, 0, bytes.Length);
        }
        if (File.Exists(path)) File.Replace(temp, path, null);
        else File.Move(temp, path);
    }

    public static void Delete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
    }

    /// <summary>chmod 600 / 700 on Unix; on Windows the profile's local app data is already private to the user.</summary>
    private static void OwnerOnly(string path, bool directory)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
        if (chmod(path, directory ? 0x1C0u : 0x180u) != 0)
            throw new IOException($"Could not restrict '{path}' to its owner (errno {Marshal.GetLastWin32Error()}).");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int chmod(string path, uint mode);
}

[JsonSerializable(typeof(UploadState))]
internal sealed partial class TransferStateJson : JsonSerializerContext
{
}
