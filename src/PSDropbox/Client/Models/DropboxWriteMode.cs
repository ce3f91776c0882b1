namespace PSDropbox;

/// <summary>What an upload does when a file already exists at the destination (Dropbox WriteMode).</summary>
public enum DropboxWriteMode
{
    /// <summary>Never overwrite: an existing file with other content is a conflict (or gets a new name with -Autorename).</summary>
    Add,
    /// <summary>Replace an existing file.</summary>
    Overwrite,
    /// <summary>Replace the existing file only if it is still at the given revision (-Rev).</summary>
    Update,
}
