using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PSDropbox.Transfers;

/// <summary>
/// Where transfers keep what a later -Resume needs: small files under the user's local app data (PSDropbox/&lt;kind&gt;),
/// named by a hash of what they are for, written atomically (temp + rename) and readable by their owner only.
/// </summary>
internal static class StateFiles
{
    public static string Directory(string kind) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "PSDropbox", kind);

    /// <summary>The state file of <paramref name="kind"/> for <paramref name="key"/>.</summary>
    public static string PathFor(string kind, string key)
    {
        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(Encoding.UTF8.GetBytes(key));
        return Path.Combine(Directory(kind), string.Concat(digest.Take(16).Select(b => b.ToString("x2"))) + ".json");
    }

    /// <summary>The state kept at <paramref name="path"/>; null when there is none, or when it is damaged (that only means starting over).</summary>
    public static T? Load<T>(string path, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), type) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static void Save<T>(string path, T state, JsonTypeInfo<T> type) => Save(path, JsonSerializer.SerializeToUtf8Bytes(state, type));

    /// <summary>Writes the file atomically, created owner-only before any content goes in.</summary>
    private static void Save(string path, byte[] content)
    {
        var directory = Path.GetDirectoryName(path)!;
        System.IO.Directory.CreateDirectory(directory);
        OwnerOnly(directory, isDirectory: true);
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            OwnerOnly(temp, isDirectory: false);
            stream.Write(content, 0, content.Length);
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
    private static void OwnerOnly(string path, bool isDirectory)
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) return;
        if (chmod(path, isDirectory ? 0x1C0u : 0x180u) != 0)
            throw new IOException($"Could not restrict '{path}' to its owner (errno {Marshal.GetLastWin32Error()}).");
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int chmod(string path, uint mode);
}
