using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace PSDropbox.Commands;

/// <summary>
/// The current connection: the one a runspace connected itself (Connect-Dropbox in it), else the most recent
/// connection of the process. So ForEach-Object -Parallel, Start-ThreadJob and runspace pools use the connection of
/// the session that started them, as PnP.PowerShell's process-wide connection does, while runspaces that connect on
/// their own (other accounts, hosted scripts side by side) keep their own. Disconnect-Dropbox leaves its runspace
/// with no connection at all, not with another runspace's.
/// </summary>
internal static class ConnectionRegistry
{
    private static readonly ConditionalWeakTable<Runspace, Holder> Own = new();
    private static DropboxConnection? _latest;

    public static DropboxConnection? Current =>
        Runspace.DefaultRunspace is { } runspace && Own.TryGetValue(runspace, out var holder) ? holder.Connection : Volatile.Read(ref _latest);

    /// <summary>Makes <paramref name="connection"/> this runspace's connection and the process's most recent one.</summary>
    public static void Connect(DropboxConnection connection)
    {
        HolderOfThisRunspace().Connection = connection;
        Volatile.Write(ref _latest, connection);
    }

    /// <summary>Leaves this runspace with no connection; returns the one it had (its own or the process's), now forgotten.</summary>
    public static DropboxConnection? Disconnect()
    {
        var current = Current;
        HolderOfThisRunspace().Connection = null;
        if (current is not null) Interlocked.CompareExchange(ref _latest, null, current);
        return current;
    }

    /// <summary>Forgets <paramref name="connection"/> where it is current: in this runspace, and as the process's most recent connection.</summary>
    public static void Forget(DropboxConnection connection)
    {
        if (ReferenceEquals(Current, connection)) HolderOfThisRunspace().Connection = null;
        Interlocked.CompareExchange(ref _latest, null, connection);
    }

    private static Holder HolderOfThisRunspace()
    {
        var runspace = Runspace.DefaultRunspace ?? throw new InvalidOperationException("No runspace is running this command.");
        return Own.GetValue(runspace, _ => new Holder());
    }

    private sealed class Holder
    {
        public volatile DropboxConnection? Connection;
    }
}
