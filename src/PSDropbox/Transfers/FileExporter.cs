using System.Buffers;
using PSDropbox.Client;

namespace PSDropbox.Transfers;

/// <summary>
/// Saves a file that cannot be downloaded as it is (IsDownloadable false: Google Docs, Paper docs...) through files/export,
/// in its default format (ExportAs) or another of its ExportOptions. Like <see cref="FileDownloader"/> it writes a partial
/// file beside the target, checks the length and the export hash, and renames it into place in one step; an export has no
/// Range support, so an interrupted one starts over.
/// </summary>
internal sealed class FileExporter
{
    private readonly FilesClient _files;

    public FileExporter(FilesClient files) => _files = files;

    /// <summary>The format a file is exported in: the one asked for, else the file's default (null: Dropbox's choice).</summary>
    public static string? FormatFor(DropboxFile file, string? requested) => requested ?? file.ExportAs;

    /// <summary>"Plan.gdoc" exported as docx is saved as "Plan.docx"; markdown as ".md", as Dropbox names Paper exports.</summary>
    public static string LocalName(string name, string? format)
    {
        if (format is null) return name;
        var dot = name.LastIndexOf('.');
        var stem = dot > 0 ? name.Substring(0, dot) : name;
        return stem + "." + (format == "markdown" ? "md" : format);
    }

    /// <param name="progress">Receives the number of bytes on disk so far.</param>
    public async Task<DropboxFile> ExportAsync(string remotePath, string? format, string target, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var partial = FileDownloader.PartialPathFor(target);
        using var response = await _files.ExportAsync(remotePath, format, cancellationToken).ConfigureAwait(false);
        var export = response.Export!;
        using var hasher = new ContentHasher();
        var buffer = ArrayPool<byte>.Shared.Rent(FileDownloader.BufferSize);
        try
        {
            using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
            {
                await FileDownloader.AppendHashedAsync(response.Content, output, hasher, buffer, progress, cancellationToken).ConfigureAwait(false);
                if (output.Length != export.Size)
                    throw new IOException($"The export of '{response.Metadata.Path ?? remotePath}' ended after {output.Length} of {export.Size} bytes; run the command again.");
            }
            var hash = hasher.Finish();
            if (export.ExportHash is { } expected && !string.Equals(hash, expected, StringComparison.Ordinal))
                throw new ContentHashMismatchException(response.Metadata.Path ?? remotePath, expected, hash);
            File.SetLastWriteTimeUtc(partial, DateTime.SpecifyKind(response.Metadata.ClientModified, DateTimeKind.Utc));
            FileDownloader.MoveIntoPlace(partial, target);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (File.Exists(partial)) File.Delete(partial);
        }
        return response.Metadata;
    }
}
