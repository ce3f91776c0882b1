using System.Runtime.InteropServices;

namespace PSDropbox;

/// <summary>
/// Files only their owner may read: mode 0600 (folders 0700) on Linux and macOS; on Windows the user profile's ACL
/// already restricts %APPDATA%. Writes are atomic (a temporary file in the same folder renamed over the target), so
/// a reader never sees half a file and a crash never leaves one.
/// </summary>
internal static class OwnerOnlyFile
{
    private const uint OwnerReadWrite = 0x180; // 0600
    private const uint OwnerAll = 0x1C0; // 0700

    private static bool IsUnix => !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    public static void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory)) return;
        Directory.CreateDirectory(directory);
        Restrict(directory, OwnerAll);
    }

    public static void WriteAtomic(string path, byte[] content)
    {
        var directory = Path.GetDirectoryName(path)!;
        EnsureDirectory(directory);
        var temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            // Restrict the empty file before any secret is written into it.
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Restrict(temporary, OwnerReadWrite);
                stream.Write(content, 0, content.Length);
                stream.Flush(flushToDisk: true);
            }
            if (File.Exists(path)) File.Replace(temporary, path, null);
            else File.Move(temporary, path);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Creates a new file restricted to its owner before anything is written to it.</summary>
    public static FileStream CreateNew(string path)
    {
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
        try
        {
            Restrict(path, OwnerReadWrite);
            return stream;
        }
        catch
        {
            stream.Dispose();
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Creates (if needed) a file restricted to its owner, for lock files.</summary>
    public static FileStream OpenExclusive(string path)
    {
        EnsureDirectory(Path.GetDirectoryName(path)!);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        Restrict(path, OwnerReadWrite);
        return stream;
    }

    private static void Restrict(string path, uint mode)
    {
        if (!IsUnix) return;
        if (chmod(path, mode) != 0)
            throw new IOException($"Could not restrict '{path}' to its owner (chmod failed with errno {Marshal.GetLastWin32Error()}).");
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SA1300, IDE1006 // the C function's name
    private static extern int chmod(string path, uint mode);
#pragma warning restore SA1300, IDE1006
}
