using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

internal sealed partial class Writer
{
    /// <summary>Dropbox refuses to copy or move more than this many entries at once (too_many_files).</summary>
    public const int MaxRelocatedItems = 10_000;

    /// <summary>
    /// copy_v2 / move_v2 of one item (and its subtree) inside this transaction. Moves keep ids, copies get new ones;
    /// every file written gets a new rev. Failures are <see cref="RouteErrorException"/>s carrying the whole
    /// RelocationError (from_lookup/not_found, to/conflict/file, cant_move_folder_into_itself...).
    /// </summary>
    public Item Relocate(Account a, PathSpec fromSpec, PathSpec toSpec, bool move, bool autorename)
    {
        long ns = a.NamespaceId;
        var source = Prefixed("from_lookup", "from_write", () => ResolveMovable(a, fromSpec, move));
        var (parentLower, parentDisplay, name) = Prefixed("to", "to", () => PrepareLeaf(a, toSpec));
        if (source.IsFolder && (parentLower == source.PathLower || parentLower.StartsWith(source.PathLower + "/", StringComparison.Ordinal)))
        {
            throw RouteErrorException.Of("cant_move_folder_into_itself");
        }
        string lower = parentLower + "/" + PathRules.LowerName(name);
        if (GetLive(ns, lower) is { } existing)
        {
            // A case-only rename lands here too: the target is the source itself (not supported, as in Dropbox).
            if (!autorename)
            {
                throw RouteErrorException.Of("to", "conflict", existing.IsFolder ? "folder" : "file");
            }
            name = FreeName(ns, parentLower, name, isFile: !source.IsFolder);
            lower = parentLower + "/" + PathRules.LowerName(name);
        }
        if (CountLiveSubtree(ns, source.PathLower) > MaxRelocatedItems)
        {
            throw RouteErrorException.Of("too_many_files");
        }

        var items = LiveSubtree(ns, source.PathLower);
        int depth = source.PathDisplay.Count(c => c == '/');
        string display = parentDisplay + "/" + name;
        if (move)
        {
            DeleteSubtree(ns, source.PathLower);
        }
        Item? top = null;
        foreach (var item in items)
        {
            string rel = RelativeDisplay(item.PathDisplay, depth);
            var placed = Place(item, lower + PathRules.LowerPath(rel), display + rel, rel.Length == 0 ? name : item.Name, keepId: move);
            top ??= placed;
        }
        return top!;
    }

    private Item ResolveSource(Account a, PathSpec spec)
    {
        if (spec.Kind is PathKind.Root or PathKind.Rev)
        {
            throw PathProblemException.Lookup("malformed_path");
        }
        var item = PathResolver.Resolve(Connection, Transaction, a, spec).Existing;
        return item is { IsDeleted: false } ? item : throw PathProblemException.Lookup("not_found");
    }

    private Item ResolveMovable(Account a, PathSpec spec, bool move)
    {
        var item = ResolveSource(a, spec);
        if (move)
        {
            CheckWritable(a.NamespaceId, item.PathLower);
            CheckNotManaged(a, item);
        }
        return item;
    }

    private Item Place(Item item, string lower, string display, string name, bool keepId)
    {
        if (!item.IsFolder)
        {
            return PutFile(item.Ns, lower, display, name, item.ContentHash!, item.Size, item.ClientModified, keepId ? item.Id : null, item.Exports);
        }
        if (!keepId)
        {
            return AddFolder(item.Ns, lower, display, name);
        }
        var folder = item with { PathLower = lower, PathDisplay = display, Name = name };
        Upsert(folder);
        Journal(item.Ns, lower, display, "folder");
        return folder;
    }

    /// <summary>"/A/b/c.txt" below a source at depth 1 ("/A") → "/b/c.txt"; the source itself → "".</summary>
    private static string RelativeDisplay(string display, int sourceDepth)
    {
        int index = 0;
        for (int i = 0; i <= sourceDepth; i++)
        {
            index = display.IndexOf('/', index + (i == 0 ? 0 : 1));
            if (index < 0)
            {
                return "";
            }
        }
        return display[index..];
    }

    private long CountLiveSubtree(long ns, string lower) =>
        Sql.Scalar(Connection, Transaction, $"SELECT COUNT(*) FROM items WHERE ns=$ns AND deleted=0 AND {ItemRows.ScopeSql(lower, recursive: true)}",
            [("$ns", ns), .. ItemRows.ScopeArgs(lower)]) is long n ? n : 0;

    /// <summary>The live item at lower and everything below it, parents before children.</summary>
    private List<Item> LiveSubtree(long ns, string lower)
    {
        var items = new List<Item>();
        using var cmd = Sql.Cmd(Connection, Transaction,
            $"SELECT {ItemRows.Columns} FROM items WHERE ns=$ns AND deleted=0 AND {ItemRows.ScopeSql(lower, recursive: true)} ORDER BY path_lower",
            [("$ns", ns), .. ItemRows.ScopeArgs(lower)]);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            items.Add(ItemRows.Read(r));
        }
        return items;
    }

    /// <summary>Removes deleted rows and every revision at and below lower (permanently_delete).</summary>
    public void PurgeSubtree(long ns, string lower)
    {
        (string, object?)[] args = [("$ns", ns), .. ItemRows.ScopeArgs(lower)];
        string scope = ItemRows.ScopeSql(lower, recursive: true);
        Sql.Exec(Connection, Transaction, $"DELETE FROM items WHERE ns=$ns AND deleted=1 AND {scope}", args);
        Sql.Exec(Connection, Transaction, $"DELETE FROM revisions WHERE ns=$ns AND {scope}", args);
    }

    /// <summary>Runs a step whose path problems belong under an outer tag of the route's error union.</summary>
    private static T Prefixed<T>(string lookupTag, string writeTag, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (PathProblemException p)
        {
            // WriteError has no not_found: a missing id: destination is a malformed destination.
            string[] tags = p.IsLookup && lookupTag == writeTag && p.Tags is ["not_found"] ? ["malformed_path"] : p.Tags;
            throw RouteErrorException.Of([p.IsLookup ? lookupTag : writeTag, .. tags]);
        }
    }
}
