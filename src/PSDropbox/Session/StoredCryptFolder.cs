using System.Text.Json.Serialization;
using PSDropbox.Transfers.Crypt;

namespace PSDropbox;

/// <summary>
/// An encrypted folder as a stored profile keeps it: the scrypt key material (80 bytes, base64), never the passwords.
/// The material opens the folder as the passwords do, so it is a secret kept like the tokens.
/// </summary>
internal sealed class StoredCryptFolder
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("key_material")] public string KeyMaterial { get; set; } = "";
    [JsonPropertyName("filename_encryption")] public string FilenameEncryption { get; set; } = nameof(CryptFilenameEncryption.Standard);
    [JsonPropertyName("directory_name_encryption")] public bool DirectoryNameEncryption { get; set; } = true;
    [JsonPropertyName("filename_encoding")] public string FilenameEncoding { get; set; } = nameof(CryptFilenameEncoding.Base32);

    public static StoredCryptFolder From(CryptFolder folder) => new()
    {
        Path = folder.Root,
        KeyMaterial = Convert.ToBase64String(folder.Keys.ToMaterial()),
        FilenameEncryption = folder.FilenameEncryption.ToString(),
        DirectoryNameEncryption = folder.DirectoryNameEncryption,
        FilenameEncoding = folder.FilenameEncoding.ToString(),
    };

    public CryptFolder ToFolder() =>
        new(Path, CryptKeys.FromMaterial(Convert.FromBase64String(KeyMaterial)),
            (CryptFilenameEncryption)Enum.Parse(typeof(CryptFilenameEncryption), FilenameEncryption, ignoreCase: true), DirectoryNameEncryption,
            (CryptFilenameEncoding)Enum.Parse(typeof(CryptFilenameEncoding), FilenameEncoding, ignoreCase: true));
}
