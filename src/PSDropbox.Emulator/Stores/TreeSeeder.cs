using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Stores;

/// <summary>Merges a local folder tree into an account's tree (--seed, POST /_emulator/seed).</summary>
internal sealed class TreeSeeder(Database db, BlobStore blobs)
{
    private sealed record SeedEntry(string RelDisplay, string Name, string? ParentRel, bool IsFolder, string? LocalPath)
    {
        public string? Hash { get; set; }
        public long Size { get; set; }
        public long Mtime { get; set; }
    }

    /// <summary>
    /// Merges a local folder tree into <paramref name="destPath"/> ("" = root): creates missing folders and files
    /// (blobs streamed, content_hash per §4, client_modified = mtime); existing paths are left alone.
    /// Returns counts of created files and folders. One transaction for the whole tree.
    /// </summary>
    public async Task<(int Files, int Folders)> SeedAsync(Account a, string sourceDirectory, string destPath, CancellationToken ct = default)
    {
        var root = new DirectoryInfo(sourceDirectory);
        if (!root.Exists)
        {
            throw new DirectoryNotFoundException($"Seed directory not found: {sourceDirectory}");
        }
        var dest = PathRules.ParseValue(destPath, forWrite: true);
        if (dest.Kind is not (PathKind.Root or PathKind.Path))
        {
            throw PathProblemException.Write("malformed_path");
        }

        var entries = new List<SeedEntry>();
        void Walk(DirectoryInfo dir, string? rel)
        {
            foreach (var sub in dir.EnumerateDirectories().OrderBy(d => d.Name, StringComparer.Ordinal))
            {
                if (!ValidName(sub.Name) || sub.LinkTarget is not null)
                {
                    continue;
                }
                string r = rel + "/" + sub.Name;
                entries.Add(new SeedEntry(r, sub.Name, rel, true, null));
                Walk(sub, r);
            }
            foreach (var f in dir.EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                if (!ValidName(f.Name))
                {
                    continue;
                }
                entries.Add(new SeedEntry(rel + "/" + f.Name, f.Name, rel, false, f.FullName)
                {
                    Mtime = new DateTimeOffset(f.LastWriteTimeUtc).ToUnixTimeSeconds(),
                });
            }
        }
        Walk(root, null);

        await Parallel.ForEachAsync(entries.Where(e => !e.IsFolder), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
            async (e, token) =>
            {
                var (hash, size) = await blobs.PutFileAsync(e.LocalPath!, token).ConfigureAwait(false);
                e.Hash = hash;
                e.Size = size;
            }).ConfigureAwait(false);

        return await db.WriteAsync(w =>
        {
            long ns = a.NamespaceId;
            int journalBefore = w.JournalRows;
            var (baseLower, baseDisplay) = w.EnsureFolders(ns, a.View.PrefixLower, a.View.PrefixDisplay, dest.Segments, dest.Segments.Count);
            int destCreated = w.JournalRows - journalBefore;
            var folders = new Dictionary<string, (string Lower, string Display)>(StringComparer.Ordinal) { [""] = (baseLower, baseDisplay) };
            int files = 0, created = 0;
            foreach (var e in entries)
            {
                if (!folders.TryGetValue(e.ParentRel ?? "", out var parent))
                {
                    continue; // parent skipped (collided with a file)
                }
                string lower = parent.Lower + "/" + PathRules.LowerName(e.Name);
                var existing = w.GetLive(ns, lower);
                if (e.IsFolder)
                {
                    if (existing is null)
                    {
                        existing = w.AddFolder(ns, lower, parent.Display + "/" + e.Name, e.Name);
                        created++;
                    }
                    if (existing.IsFolder)
                    {
                        folders[e.RelDisplay] = (lower, existing.PathDisplay);
                    }
                }
                else if (existing is null)
                {
                    w.PutFile(ns, lower, parent.Display + "/" + e.Name, e.Name, e.Hash!, e.Size, e.Mtime);
                    files++;
                }
            }
            return (files, created + destCreated); // folders created for the destination chain count too
        }, ct).ConfigureAwait(false);
    }

    private static bool ValidName(string name)
    {
        try
        {
            PathRules.CheckName(name, forWrite: true);
            return true;
        }
        catch (PathProblemException)
        {
            return false;
        }
    }
}
