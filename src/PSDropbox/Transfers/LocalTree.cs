namespace PSDropbox.Transfers;

/// <summary>An entry of a local folder tree, with its path relative to the tree's root as name parts.</summary>
internal sealed class LocalEntry
{
    public LocalEntry(FileSystemInfo info, IReadOnlyList<string> relativeParts)
    {
        Info = info;
        RelativeParts = relativeParts;
    }

    public FileSystemInfo Info { get; }
    public IReadOnlyList<string> RelativeParts { get; }
    public bool IsDirectory => Info is DirectoryInfo;
    public long Length => Info is FileInfo file ? file.Length : 0;
}

/// <summary>Walks a local folder lazily, parents before children; symbolic links to folders are not followed (no cycles).</summary>
internal static class LocalTree
{
    public static IEnumerable<LocalEntry> Walk(DirectoryInfo root) => Walk(root, Array.Empty<string>());

    private static IEnumerable<LocalEntry> Walk(DirectoryInfo folder, string[] parts)
    {
        foreach (var info in folder.EnumerateFileSystemInfos().OrderBy(i => i.Name, StringComparer.Ordinal))
        {
            var childParts = parts.Concat(new[] { info.Name }).ToArray();
            yield return new LocalEntry(info, childParts);
            if (info is DirectoryInfo sub && (sub.Attributes & FileAttributes.ReparsePoint) == 0)
            {
                foreach (var entry in Walk(sub, childParts)) yield return entry;
            }
        }
    }
}
