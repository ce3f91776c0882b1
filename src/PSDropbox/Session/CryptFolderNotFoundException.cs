namespace PSDropbox;

/// <summary>A path given to Get-/Unregister-DropboxCryptFolder that is not an encrypted folder of the connection.</summary>
public sealed class CryptFolderNotFoundException : Exception
{
    public CryptFolderNotFoundException(string path)
        : base($"'{path}' is not an encrypted folder of this connection. Get-DropboxCryptFolder lists them; Register-DropboxCryptFolder adds one.") =>
        Path = path;

    public string Path { get; }
}
