namespace PSDropbox;

/// <summary>
/// A command that does not encrypt or decrypt, asked to work inside (or over) an encrypted folder: it would store
/// plaintext among the ciphertext or change stored names, so it refuses.
/// </summary>
public sealed class CryptFolderUnsupportedException : Exception
{
    public CryptFolderUnsupportedException(string what, string folder, string instead)
        : base($"'{folder}' is an encrypted folder of this connection (Register-DropboxCryptFolder), and {what} does not encrypt or decrypt: {instead}") =>
        Folder = folder;

    public string Folder { get; }
}
