using PSDropbox.Client;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox.Transfers.Download;

/// <summary>
/// Downloads files and folder trees into a local folder, <see cref="DownloadOptions.ThrottleLimit"/> files at a time.
/// A file lands as DESTINATION/&lt;name&gt;, a folder as DESTINATION/&lt;name&gt;/... (the root's contents land in DESTINATION
/// itself), on every run, so running the same command again leaves the same tree. A folder is read as a stream of
/// recursive list_folder pages and its files start downloading as their page arrives: memory holds one page, the files in
/// flight and the local name of each folder, never the list of files.
/// </summary>
internal sealed class TreeDownloader
{
    /// <summary>
    /// Files at a time unless the user says otherwise: at 50 ms per request, 1,000 files of 16 KiB take 4.1 s at 16,
    /// 3.4 s at 24, 2.6 s at 32 and 1.9 s at 48 (bench/README.md, quiet machine). A download is one request and
    /// a 1 MiB buffer, with no commit to wait for, so it can afford twice the uploads' 16.
    /// </summary>
    public const int DefaultThrottleLimit = 32;

    private readonly FilesClient _files;
    private readonly DownloadOptions _options;
    private readonly IDownloadObserver _observer;

    public TreeDownloader(FilesClient files, DownloadOptions options, IDownloadObserver observer)
    {
        _files = files;
        _options = options;
        _observer = observer;
    }

    /// <param name="destination">Full path of the local folder that receives the sources (created when missing).</param>
    public async Task DownloadAsync(IEnumerable<DownloadSource> sources, string destination, CancellationToken cancellationToken)
    {
        using var downloads = new ParallelDownloads(_files, _options, _observer, cancellationToken);
        var roots = new List<string>();
        try
        {
            // Paths are looked up ThrottleLimit at a time (a list of paths costs no more round trips than a listing).
            var group = new List<DownloadSource>(_options.ThrottleLimit);
            foreach (var source in sources)
            {
                group.Add(source);
                if (group.Count < _options.ThrottleLimit) continue;
                await AddSourcesAsync(group, destination, downloads, roots).ConfigureAwait(false);
                group.Clear();
            }
            await AddSourcesAsync(group, destination, downloads, roots).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            downloads.Stop(e);
        }
        await downloads.WhenAllAsync().ConfigureAwait(false);
        if (_options.Resume)
        {
            foreach (var root in roots) await RemoveOrphansAsync(root, downloads).ConfigureAwait(false);
        }
    }

    private async Task AddSourcesAsync(List<DownloadSource> group, string destination, ParallelDownloads downloads, List<string> roots)
    {
        var lookups = group.Select(source => source.Item is { } item ? Task.FromResult(item) : LookupAsync(source.Remote, downloads.Token)).ToArray();
        try
        {
            await Task.WhenAll(lookups).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Each failed lookup is reported with its source below.
        }
        for (var i = 0; i < group.Count; i++) await AddSourceAsync(group[i], lookups[i], destination, downloads, roots).ConfigureAwait(false);
    }

    /// <summary>A path's metadata, its plaintext view inside an encrypted folder.</summary>
    private async Task<DropboxItem> LookupAsync(string remote, CancellationToken token)
    {
        DropboxItem stored;
        try
        {
            stored = await _files.GetMetadataAsync(await CryptPaths.ExistingAsync(_files, _options.Crypt, remote, token).ConfigureAwait(false), false, token)
                .ConfigureAwait(false);
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFound)
        {
            throw await CryptPaths.ExplainAsync(_files, _options.Crypt, remote, e, token).ConfigureAwait(false);
        }
        return CryptPaths.Plain(_options.Crypt, stored, _observer.Warn);
    }

    private async Task AddSourceAsync(DownloadSource source, Task<DropboxItem> lookup, string destination, ParallelDownloads downloads, List<string> roots)
    {
        var token = downloads.Token;
        try
        {
            var item = await lookup.ConfigureAwait(false);
            switch (item)
            {
                case DropboxFile file:
                    var target = source.ToDestinationPath ? destination : LocalNames.Under(destination, new[] { file.Name });
                    await AddFileAsync(file, source.Remote, target, downloads, keepName: source.ToDestinationPath).ConfigureAwait(false);
                    break;
                case DropboxFolder folder when _options.Recurse:
                    var root = DropboxPath.IsRoot(folder.Path) ? destination : LocalNames.Under(destination, new[] { folder.Name });
                    await WalkAsync(folder, root, downloads).ConfigureAwait(false);
                    roots.Add(root);
                    break;
                case DropboxFolder folder:
                    throw new DirectoryNeedsRecurseException(folder.Path ?? source.Remote);
                default:
                    throw new FileNotFoundException($"'{item.Path}' is deleted in Dropbox; restore it first (Restore-DropboxItem).");
            }
        }
        catch (Exception e) when (!token.IsCancellationRequested && e is not OperationCanceledException)
        {
            if (!_observer.Failed(source.Item?.Path ?? source.Remote, e, null)) throw;
        }
    }

    /// <summary>
    /// Every entry under <paramref name="folder"/>, page by page. Each folder's local name comes from the folder's own entry
    /// (path_display may spell a parent differently); a folder listed after its contents is named from path_display.
    /// </summary>
    private async Task WalkAsync(DropboxFolder folder, string root, ParallelDownloads downloads)
    {
        var token = downloads.Token;
        var prefix = DropboxPath.IsRoot(folder.Path) ? "" : folder.PathLower ?? "";
        var folders = new Dictionary<string, string>(StringComparer.Ordinal) { [prefix] = root };
        if (await _observer.ApproveAsync(root, "Create folder").ConfigureAwait(false)) Directory.CreateDirectory(root);
        var listed = CryptPaths.ForNew(_options.Crypt, folder.PathLower ?? folder.Path ?? "", isDirectory: true);
        var page = await _files.ListFolderAsync(listed, recursive: true, includeDeleted: false, limit: null, token).ConfigureAwait(false);
        while (true)
        {
            foreach (var stored in page.Entries)
            {
                DropboxItem entry;
                try
                {
                    entry = CryptPaths.Decrypted(_options.Crypt, stored);
                }
                catch (DecryptionFailedException e)
                {
                    if (!_observer.Failed(stored.Path ?? "", e, null)) throw;
                    continue;
                }
                var lower = entry.PathLower ?? "";
                if (lower == prefix || !lower.StartsWith(prefix + "/", StringComparison.Ordinal)) continue;
                try
                {
                    var parent = ParentOf(lower);
                    if (!folders.TryGetValue(parent, out var localParent))
                    {
                        var parentDisplay = ParentOf(entry.Path ?? lower);
                        var relative = parentDisplay.Substring(Math.Min(prefix.Length, parentDisplay.Length)).Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries);
                        localParent = folders[parent] = LocalNames.Under(root, relative);
                    }
                    var local = LocalNames.Under(localParent, new[] { entry.Name });
                    if (entry is DropboxFolder)
                    {
                        folders[lower] = local;
                        if (await _observer.ApproveAsync(local, "Create folder").ConfigureAwait(false)) Directory.CreateDirectory(local);
                    }
                    else if (entry is DropboxFile file)
                    {
                        await AddFileAsync(file, lower, local, downloads).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (!token.IsCancellationRequested && e is not OperationCanceledException)
                {
                    if (!_observer.Failed(entry.Path ?? lower, e, null)) throw;
                }
            }
            if (!page.HasMore) break;
            page = await _files.ListFolderContinueAsync(page.Cursor, token).ConfigureAwait(false);
        }
    }

    private Task AddFileAsync(DropboxFile file, string remote, string target, ParallelDownloads downloads, bool keepName = false)
    {
        if (!file.IsDownloadable) return AddExportAsync(file, remote, target, downloads, keepName);
        var localName = Path.GetFileName(target);
        if (!string.Equals(localName, file.Name, StringComparison.Ordinal) && target.EndsWith(LocalNames.MakeSafe(file.Name), StringComparison.Ordinal))
            _observer.Warn($"'{file.Path}' is saved as '{localName}': its name is not safe as a local file name.");
        _observer.Listed(file);
        return downloads.AddAsync(new DownloadJob(file, remote, target));
    }

    /// <summary>
    /// A file Dropbox only exports (a Google or Paper doc) is saved under its export's name, e.g. Plan.gdoc as Plan.docx,
    /// unless the user named the local file (<paramref name="keepName"/>).
    /// </summary>
    private Task AddExportAsync(DropboxFile file, string remote, string target, ParallelDownloads downloads, bool keepName)
    {
        var format = FileExporter.FormatFor(file, _options.ExportFormat);
        var exported = keepName ? target : Path.Combine(Path.GetDirectoryName(target)!, FileExporter.LocalName(Path.GetFileName(target), format));
        var text = $"'{file.Path}' cannot be downloaded as it is; it is exported{(format is null ? "" : " as " + format)} to '{Path.GetFileName(exported)}'.";
        var formats = string.Join(", ", Formats(file));
        if (_options.ExportFormat is null) _observer.Warn(text + (formats.Length == 0 ? "" : $" -ExportFormat chooses another of its formats: {formats}."));
        else _observer.Note(text);
        _observer.Listed(file);
        return downloads.AddAsync(new DownloadJob(file, remote, exported) { ExportFormat = format });
    }

    private static IEnumerable<string> Formats(DropboxFile file) =>
        (file.ExportAs is null ? Enumerable.Empty<string>() : new[] { file.ExportAs }).Concat(file.ExportOptions).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Partial files under a downloaded folder whose file is not one this run left unfinished: of files deleted or renamed
    /// in Dropbox since an earlier run, or of files that are complete now.
    /// </summary>
    private async Task RemoveOrphansAsync(string root, ParallelDownloads downloads)
    {
        if (!Directory.Exists(root)) return;
        foreach (var partial in Directory.EnumerateFiles(root, "*" + FileDownloader.PartialSuffix, SearchOption.AllDirectories))
        {
            var target = partial.Substring(0, partial.Length - FileDownloader.PartialSuffix.Length);
            if (downloads.Keeps(target)) continue;
            if (!await _observer.ApproveAsync(partial, "Remove orphan partial file").ConfigureAwait(false)) continue;
            File.Delete(partial);
            _observer.Note($"Removed '{partial}': it belongs to no file of this download.");
        }
    }

    private static string ParentOf(string lower)
    {
        var slash = lower.LastIndexOf('/');
        return slash <= 0 ? "" : lower.Substring(0, slash);
    }
}
