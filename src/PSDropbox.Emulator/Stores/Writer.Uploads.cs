using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

internal sealed partial class Writer
{
    /// <summary>
    /// The WriteMode rules (§2.2): nothing there → written; identical content → the existing file, unchanged (unless
    /// strict_conflict); a folder → conflict; add → conflict; overwrite → replaced (same id); update → replaced only when
    /// the rev matches. A conflict with autorename writes "name (n).ext" (add/overwrite) or "name (conflicted copy).ext" (update).
    /// </summary>
    public Item CommitFile(Account a, CommitInfo commit, string contentHash, long size)
    {
        var (parentLower, parentDisplay, name) = PrepareLeaf(a, commit.Path);
        long ns = a.NamespaceId;
        long clientModified = commit.ClientModified ?? Now;
        string lower = parentLower + "/" + PathRules.LowerName(name);
        var existing = GetLive(ns, lower);
        if (existing is null)
        {
            if (commit.Mode == WriteModeKind.Update && commit.StrictConflict)
            {
                return Conflicted(commit, ns, parentLower, parentDisplay, name, "file", contentHash, size, clientModified);
            }
            return PutFile(ns, lower, parentDisplay + "/" + name, name, contentHash, size, clientModified);
        }
        if (!existing.IsFolder && existing.ContentHash == contentHash && !commit.StrictConflict)
        {
            return existing;
        }
        bool replace = !existing.IsFolder && (commit.Mode == WriteModeKind.Overwrite
            || commit.Mode == WriteModeKind.Update && existing.Rev == commit.UpdateRev);
        if (replace)
        {
            return PutFile(ns, lower, existing.PathDisplay, existing.Name, contentHash, size, clientModified, existing.Id);
        }
        return Conflicted(commit, ns, parentLower, parentDisplay, name, existing.IsFolder ? "folder" : "file", contentHash, size, clientModified);
    }

    private Item Conflicted(CommitInfo commit, long ns, string parentLower, string parentDisplay, string name, string conflictWith,
        string contentHash, long size, long clientModified)
    {
        if (!commit.Autorename)
        {
            throw PathProblemException.Write("conflict", conflictWith);
        }
        string free = commit.Mode == WriteModeKind.Update ? FreeConflictedCopyName(ns, parentLower, name) : FreeName(ns, parentLower, name, isFile: true);
        return PutFile(ns, parentLower + "/" + PathRules.LowerName(free), parentDisplay + "/" + free, free, contentHash, size, clientModified);
    }

    /// <summary>"doc (conflicted copy).txt", then "doc (conflicted copy 2).txt"...</summary>
    private string FreeConflictedCopyName(long ns, string parentLower, string name)
    {
        for (int n = 1; ; n++)
        {
            string label = n == 1 ? "conflicted copy" : $"conflicted copy {n}";
            int dot = name.LastIndexOf('.');
            string candidate = dot > 0 ? $"{name[..dot]} ({label}){name[dot..]}" : $"{name} ({label})";
            if (GetLive(ns, parentLower + "/" + PathRules.LowerName(candidate)) is null)
            {
                return candidate;
            }
        }
    }
}
