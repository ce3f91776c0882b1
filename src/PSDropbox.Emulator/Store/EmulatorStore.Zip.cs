namespace PSDropbox.Emulator.Store;

/// <summary>files/download_zip: its limits and the totals they are checked against.</summary>
internal sealed partial class EmulatorStore
{
    /// <summary>Most bytes of file content a zip may hold (EmulatorOptions.DownloadZipMaxBytes; Dropbox: 20 GB).</summary>
    public long DownloadZipMaxBytes { get; set; } = EmulatorOptions.DropboxZipMaxBytes;

    /// <summary>Most entries a zip may hold, the folder itself included (EmulatorOptions.DownloadZipMaxEntries; Dropbox: fewer than 10,000).</summary>
    public long DownloadZipMaxEntries { get; set; } = EmulatorOptions.DropboxZipMaxEntries;

    /// <summary>Live entries strictly below a folder and the bytes of its files, counted by SQLite (nothing listed in memory).</summary>
    public (long Entries, long Bytes) SubtreeTotals(long ns, string folderLower)
    {
        using var c = OpenConnection();
        using var cmd = Cmd(c, null, $"""
            SELECT COUNT(*), COALESCE(SUM(size), 0) FROM items
            WHERE ns=$ns AND deleted=0 AND path_lower != $scope AND {ScopeSql(folderLower, recursive: true)}
            """, [("$ns", ns), .. ScopeArgs(folderLower)]);
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1));
    }
}
