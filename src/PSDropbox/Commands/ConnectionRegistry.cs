using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace PSDropbox.Commands;

/// <summary>The current connection of each runspace (scripts in other runspaces connect on their own).</summary>
internal static class ConnectionRegistry
{
    private static readonly ConditionalWeakTable<Runspace, Holder> Connections = new();

    public static DropboxConnection? Current
    {
        get => Runspace.DefaultRunspace is { } runspace && Connections.TryGetValue(runspace, out var holder) ? holder.Connection : null;
    }

    /// <summary>Makes <paramref name="connection"/> current and returns the one it replaces.</summary>
    public static DropboxConnection? Replace(DropboxConnection? connection)
    {
        var runspace = Runspace.DefaultRunspace ?? throw new InvalidOperationException("No runspace is running this command.");
        var holder = Connections.GetValue(runspace, _ => new Holder());
        lock (holder)
        {
            var previous = holder.Connection;
            holder.Connection = connection;
            return previous;
        }
    }

    private sealed class Holder
    {
        public DropboxConnection? Connection;
    }
}
