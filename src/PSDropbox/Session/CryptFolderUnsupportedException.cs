namespace PSDropbox;

/// <summary>
/// A command asked to work over an encrypted folder and plain files at once (a sync of a folder that holds one): it
/// refuses rather than mix plaintext and ciphertext.
/// </summary>
public sealed class CryptFolderUnsupportedException : Exception
{
    public CryptFolderUnsupportedException(string what, string folder, string instead)
        : base($"'{folder}' is an encrypted folder of this connection (Register-DropboxCryptFolder), and {what} does not mix encrypted and plain files: {instead}") =>
        Folder = folder;

    public string Folder { get; }
}
