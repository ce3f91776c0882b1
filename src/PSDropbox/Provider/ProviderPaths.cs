using System.Management.Automation;
using PSDropbox.Client;

namespace PSDropbox.Provider;

/// <summary>
/// Provider paths of the Dropbox provider: Dropbox paths without their leading "/" ("a/b"; "" is the root), with "\"
/// read as "/". PowerShell takes a provider path that starts with "/" or "\" for a file system path, so a drive's
/// root ("" for the whole Dropbox, "Documents" for New-PSDrive -Root /Documents) never starts with one.
/// </summary>
internal static class ProviderPaths
{
    /// <summary>The Dropbox path of a provider path: "" for the root, else "/a/b".</summary>
    public static string ToDropbox(string? providerPath)
    {
        var path = Trim(providerPath);
        return path.Length == 0 ? "" : DropboxPath.Normalize("/" + path);
    }

    /// <summary>The provider path of a Dropbox path ("/a/b" → "a/b"); a provider path comes back in its plain form.</summary>
    public static string FromDropbox(string path) => Trim(path);

    /// <summary>The provider path of an item Dropbox returned.</summary>
    public static string Of(DropboxItem item) => Trim(item.Path is { Length: > 0 } path ? path : item.PathLower);

    /// <summary>A Dropbox path as people read it: "/" for the root.</summary>
    public static string Display(string dropboxPath) => dropboxPath.Length <= 1 ? "/" : dropboxPath;

    /// <summary>
    /// The drive-qualified path of <paramref name="providerPath"/>: "Dropbox:/a/b" in the Dropbox: drive, "Docs:/b" in a
    /// drive whose root is "a"; "Dropbox:/a/b" for a provider-qualified path (Dropbox::a/b), which has no drive.
    /// </summary>
    public static string InDrive(PSDriveInfo? drive, string providerPath)
    {
        var path = Trim(providerPath);
        if (drive is null) return DropboxPath.DrivePrefix + "/" + path;
        var root = Trim(drive.Root);
        if (root.Length > 0 && path.StartsWith(root, StringComparison.OrdinalIgnoreCase) && (path.Length == root.Length || path[root.Length] == '/'))
            path = path.Substring(root.Length).TrimStart('/');
        return drive.Name + ":/" + path;
    }

    public static string Join(string parent, string child)
    {
        parent = (parent ?? "").Replace('\\', '/');
        child = (child ?? "").Replace('\\', '/');
        if (parent.Length == 0) return child;
        if (child.Length == 0) return parent.EndsWith("/", StringComparison.Ordinal) ? parent : parent + "/";
        return parent.TrimEnd('/') + "/" + child.TrimStart('/');
    }

    /// <summary>The parent of <paramref name="path"/>; "" for the root and for <paramref name="root"/> itself.</summary>
    public static string Parent(string path, string? root)
    {
        path = Trim(path);
        if (path.Length == 0) return "";
        if (root is { Length: > 0 } && string.Equals(path, Trim(root), StringComparison.OrdinalIgnoreCase)) return "";
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path.Substring(0, slash);
    }

    public static string ChildName(string path)
    {
        path = Trim(path);
        return path.Substring(path.LastIndexOf('/') + 1);
    }

    /// <summary>"\a\b\" and "/a/b/" → "a/b".</summary>
    private static string Trim(string? path) => (path ?? "").Replace('\\', '/').Trim('/');
}
