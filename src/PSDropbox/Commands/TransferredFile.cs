using System.Management.Automation;
using PSDropbox.Client;

namespace PSDropbox.Commands;

/// <summary>
/// What Send-/Receive-DropboxFile -PassThru emit for a file: its Dropbox metadata with the local path it came from or
/// landed at, and Skipped when it was already identical. Typed PSDropbox.UploadedFile or PSDropbox.DownloadedFile for
/// the view (PSDropbox.format.ps1xml) that shows what happened to each.
/// </summary>
internal static class TransferredFile
{
    public const string Uploaded = "PSDropbox.UploadedFile";
    public const string Downloaded = "PSDropbox.DownloadedFile";

    public static PSObject Output(DropboxItem metadata, string localPath, bool skipped, string typeName)
    {
        // A copy: the same metadata object may have come in through the pipeline, and must not gain these properties.
        var output = new PSObject(metadata is DropboxFile file ? file.Copy() : metadata);
        output.TypeNames.Insert(0, typeName);
        output.Properties.Add(new PSNoteProperty("LocalPath", localPath));
        output.Properties.Add(new PSNoteProperty("Skipped", skipped));
        return output;
    }
}
