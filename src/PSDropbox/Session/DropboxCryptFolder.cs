using PSDropbox.Transfers.Crypt;

namespace PSDropbox;

/// <summary>An encrypted folder of a connection (Get-DropboxCryptFolder): where it is and how names are written, never a password or key.</summary>
public sealed class DropboxCryptFolder
{
    public string Path { get; init; } = "";
    /// <summary>Standard (EME-encrypted names), Obfuscate, or Off (names as they are, ".bin" appended to files).</summary>
    public CryptFilenameEncryption FilenameEncryption { get; init; }
    public bool DirectoryNameEncryption { get; init; }
    /// <summary>How Standard names are written: Base32, Base64 or Base32768.</summary>
    public CryptFilenameEncoding FilenameEncoding { get; init; }
    /// <summary>The stored profile that keeps it, or null when only this connection knows it.</summary>
    public string? Profile { get; init; }

    internal static DropboxCryptFolder From(CryptFolder folder, string? profile) => new()
    {
        Path = folder.Root,
        FilenameEncryption = folder.FilenameEncryption,
        DirectoryNameEncryption = folder.DirectoryNameEncryption,
        FilenameEncoding = folder.FilenameEncoding,
        Profile = profile,
    };

    public override string ToString() => Path;
}
