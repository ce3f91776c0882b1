using System.Management.Automation;
using PSDropbox.Commands;

namespace PSDropbox.Provider;

/// <summary>
/// The Dropbox: drive of the current connection: Connect-Dropbox mounts it, Disconnect-Dropbox removes it once no
/// connection is left (and the drives of the connections it closed). A drive someone already called Dropbox (their own
/// New-PSDrive) is left alone.
/// </summary>
internal static class DropboxDrives
{
    public const string CurrentDriveName = "Dropbox";

    /// <summary>The Dropbox: drive, following the current connection.</summary>
    public static DropboxDriveInfo Current(ProviderInfo provider) =>
        new(new PSDriveInfo(CurrentDriveName, provider, "", "Dropbox of the current connection (Connect-Dropbox)", null), "", null);

    public static void Mount(SessionState session)
    {
        if (Find(session) is not null || session.Drive.GetAll().Any(d => Is(d.Name))) return;
        var provider = session.Provider.GetAll().FirstOrDefault(p => p.ImplementingType == typeof(DropboxProvider));
        if (provider is null) return; // the module was loaded without its provider (e.g. its types used from another assembly)
        session.Drive.New(Current(provider), "global");
    }

    /// <summary>
    /// After a disconnection: removes the Dropbox: drive when this runspace has no connection left, and the drives of
    /// connections that are now closed.
    /// </summary>
    public static void Unmount(SessionState session)
    {
        var current = ConnectionRegistry.Current;
        foreach (var drive in session.Drive.GetAll().OfType<DropboxDriveInfo>().ToList())
        {
            var gone = drive.Connection is null ? current is null && Is(drive.Name) : !drive.Connection.IsOpen;
            if (gone) session.Drive.Remove(drive.Name, true, "");
        }
    }

    private static DropboxDriveInfo? Find(SessionState session) =>
        session.Drive.GetAll().OfType<DropboxDriveInfo>().FirstOrDefault(d => Is(d.Name) && d.Connection is null);

    private static bool Is(string name) => string.Equals(name, CurrentDriveName, StringComparison.OrdinalIgnoreCase);
}
