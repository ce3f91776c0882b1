namespace PSDropbox;

/// <summary>How the names in an encrypted folder are written (rclone crypt's filename_encryption).</summary>
public enum CryptFilenameEncryption
{
    /// <summary>Each name encrypted with EME (AES-256) and encoded (rclone's "standard").</summary>
    Standard,
    /// <summary>A keyed rotation of the characters: hides nothing from a determined reader, keeps names short.</summary>
    Obfuscate,
    /// <summary>Names left as they are, ".bin" appended to file names.</summary>
    Off,
}

/// <summary>How encrypted names are written as text (rclone crypt's filename_encoding).</summary>
public enum CryptFilenameEncoding
{
    /// <summary>base32hex, lower case, no padding: safe on case-insensitive storage such as Dropbox.</summary>
    Base32,
    /// <summary>base64 with the URL alphabet, no padding: shorter names, but case matters.</summary>
    Base64,
    /// <summary>15 bits per character (BMP code points): the shortest names in characters.</summary>
    Base32768,
}
