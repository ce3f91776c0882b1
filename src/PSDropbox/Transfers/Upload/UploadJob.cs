namespace PSDropbox.Transfers.Upload;

/// <summary>One thing for the <see cref="TreeUploader"/> to do: a local file to upload, or a remote folder to create.</summary>
internal sealed class UploadJob
{
    private UploadJob(string localPath, string remotePath, long size, bool isFolder, RemoteScope scope)
    {
        LocalPath = localPath;
        RemotePath = remotePath;
        Size = size;
        IsFolder = isFolder;
        Scope = scope;
    }

    public static UploadJob File(FileInfo file, string remotePath, RemoteScope scope) => new(file.FullName, remotePath, file.Length, false, scope);

    /// <summary>A folder that has to exist remotely although no file of the upload lands in it (an empty folder).</summary>
    public static UploadJob Folder(DirectoryInfo folder, string remotePath, RemoteScope scope) => new(folder.FullName, remotePath, 0, true, scope);

    public string LocalPath { get; }

    /// <summary>/path of the file or folder in Dropbox.</summary>
    public string RemotePath { get; }

    public long Size { get; }

    public bool IsFolder { get; }

    /// <summary>The remote folder whose listing holds this file's copy, if there is one (for -SkipIdentical).</summary>
    public RemoteScope Scope { get; }
}

/// <summary>A remote folder listed once for all the files that land in it (recursively: a whole uploaded tree).</summary>
internal sealed record RemoteScope(string Folder, bool Recursive);
