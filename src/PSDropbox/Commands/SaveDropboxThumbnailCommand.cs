using System.Management.Automation;
using PSDropbox.Transfers;
using PSDropbox.Completion;

namespace PSDropbox.Commands;

/// <summary>
/// <para type="synopsis">Saves a thumbnail of a Dropbox image (jpg, png, gif, webp, bmp, tiff...) to a local file.</para>
/// </summary>
[Cmdlet(VerbsData.Save, "DropboxThumbnail", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class SaveDropboxThumbnailCommand : DropboxCmdlet
{
    /// <summary>The remote images: /folder/photo.jpg, id:... or rev:...</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true,
        HelpMessage = "Remote image: /folder/photo.jpg, id:..., or rev:...")]
    [ValidateNotNullOrEmpty]
    [RemotePathCompletion]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>The local file to write, or an existing folder to write NAME.FORMAT into (default: the current folder).</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Destination { get; set; } = ".";

    /// <summary>The size class: the thumbnail fits in this box (never larger than the image).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ThumbnailSizeCompleter))]
    [ThumbnailSize]
    public string Size { get; set; } = "w64h64";

    /// <summary>The image format: Jpeg, Png or Webp.</summary>
    [Parameter]
    [ValidateSet("Jpeg", "Png", "Webp", IgnoreCase = true)]
    public string Format { get; set; } = "Jpeg";

    /// <summary>
    /// Strict: fit in the box; BestFit: fit in the box or its transpose; FitOneBestFit: cover the box or its transpose;
    /// Original: the image's own size.
    /// </summary>
    [Parameter]
    [ValidateSet("Strict", "BestFit", "FitOneBestFit", "Original", IgnoreCase = true)]
    public string Mode { get; set; } = "Strict";

    /// <summary>Overwrites an existing local file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var client = Client;
        string format = Format.ToLowerInvariant();
        string mode = Mode.ToLowerInvariant() == "fitonebestfit" ? "fitone_bestfit" : Mode.ToLowerInvariant();
        foreach (var path in Path)
        {
            var local = LocalPathFor(path, format);
            if (File.Exists(local) && !Force)
            {
                WriteError(ErrorRecords.From(new LocalFileExistsException(local), path));
                continue;
            }
            if (!ShouldProcess(local, $"Save a {Size} {format} thumbnail of {path}")) continue;
            RunForItem(path, async (bridge, cancellationToken) =>
            {
                // Written next to the destination, then renamed: a failure never leaves a half-written file behind.
                var partial = local + ".psdropbox-partial";
                try
                {
                    using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
                    {
                        await client.Files.GetThumbnailAsync(path, format, Size.ToLowerInvariant(), mode, output, cancellationToken).ConfigureAwait(false);
                    }
                    if (File.Exists(local)) File.Delete(local);
                    File.Move(partial, local);
                }
                finally
                {
                    if (File.Exists(partial)) File.Delete(partial);
                }
                await bridge.WriteObjectAsync(new FileInfo(local)).ConfigureAwait(false);
            });
        }
    }

    /// <summary>An existing folder (or one written with a trailing separator) gets NAME.FORMAT inside it.</summary>
    private string LocalPathFor(string remotePath, string format)
    {
        var resolved = GetUnresolvedProviderPathFromPSPath(Destination);
        bool isFolder = Directory.Exists(resolved) || Destination.EndsWith("/", StringComparison.Ordinal) ||
                        Destination.EndsWith("\\", StringComparison.Ordinal);
        if (!isFolder) return resolved;
        var name = remotePath.Substring(remotePath.LastIndexOf('/') + 1);
        var stem = System.IO.Path.GetFileNameWithoutExtension(name);
        return System.IO.Path.Combine(resolved, (stem.Length == 0 ? "thumbnail" : stem) + "." + (format == "jpeg" ? "jpg" : format));
    }
}

