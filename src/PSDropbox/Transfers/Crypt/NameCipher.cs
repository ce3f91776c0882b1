using System.Text;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// rclone crypt's names. Paths are relative to the encrypted folder, '/'-separated, and handled a segment at a time:
/// Standard pads each segment (PKCS#7) to whole 16-byte blocks, encrypts it with EME under the name key and tweak and
/// encodes the result; Obfuscate rotates its characters; Off leaves names alone and appends ".bin" to file names.
/// Folder names are encrypted too unless that is turned off. A version suffix on the last segment stays readable.
/// Thread-safe.
/// </summary>
internal sealed class NameCipher : IDisposable
{
    public const string OffSuffix = ".bin";
    private const int MaxEncryptedSegmentBytes = 2048;
    private static readonly UTF8Encoding Utf8Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly CryptKeys _keys;
    private readonly Eme _eme;
    private readonly NameEncoding _encoding;

    public NameCipher(CryptKeys keys, CryptFilenameEncryption mode, bool encryptDirectoryNames, CryptFilenameEncoding encoding)
    {
        _keys = keys;
        Mode = mode;
        EncryptDirectoryNames = encryptDirectoryNames;
        _encoding = NameEncoding.For(encoding);
        _eme = new Eme(keys.NameKey, keys.NameTweak);
    }

    public CryptFilenameEncryption Mode { get; }
    public bool EncryptDirectoryNames { get; }

    /// <summary>The stored form of a relative path: a file's when <paramref name="isDirectory"/> is false, else a folder's.</summary>
    public string EncryptPath(string relative, bool isDirectory)
    {
        if (relative.Length == 0) return "";
        if (Mode == CryptFilenameEncryption.Off) return isDirectory ? relative : relative + OffSuffix;
        if (isDirectory && !EncryptDirectoryNames) return relative;
        var segments = relative.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            if (!last && !EncryptDirectoryNames) continue;
            segments[i] = last ? WithVersionKept(segments[i], EncryptSegment) : EncryptSegment(segments[i]);
        }
        return string.Join("/", segments);
    }

    /// <summary>The plaintext name of one stored entry (a file's or a folder's name, no '/').</summary>
    /// <exception cref="FormatException">The name is not one this cipher wrote: another password or not encrypted.</exception>
    public string DecryptName(string stored, bool isDirectory)
    {
        if (Mode == CryptFilenameEncryption.Off)
        {
            if (isDirectory) return stored;
            if (stored.Length <= OffSuffix.Length || !stored.EndsWith(OffSuffix, StringComparison.Ordinal))
                throw new FormatException($"It does not end in '{OffSuffix}'.");
            var name = stored.Substring(0, stored.Length - OffSuffix.Length);
            if (VersionedName.TryRemove(name, out var unversioned, out _) && unversioned.Length == 0)
                throw new FormatException("It is only a version suffix.");
            return name;
        }
        if (isDirectory && !EncryptDirectoryNames) return stored;
        return WithVersionKept(stored, DecryptSegment);
    }

    /// <summary>Like <see cref="DecryptName"/>, returning false (and why) instead of throwing.</summary>
    public bool TryDecryptName(string stored, bool isDirectory, out string name, out string reason)
    {
        try
        {
            name = DecryptName(stored, isDirectory);
            reason = "";
            return true;
        }
        catch (FormatException e)
        {
            name = stored;
            reason = e.Message;
            return false;
        }
    }

    private static string WithVersionKept(string segment, Func<string, string> transform) =>
        VersionedName.TryRemove(segment, out var unversioned, out var suffix)
            ? VersionedName.Add(transform(unversioned), suffix)
            : transform(segment);

    private string EncryptSegment(string segment)
    {
        if (segment.Length == 0) return "";
        if (Mode == CryptFilenameEncryption.Obfuscate) return NameObfuscation.Obfuscate(segment, _keys.NameKey);
        var padded = Pad(Encoding.UTF8.GetBytes(segment));
        if (padded.Length > MaxEncryptedSegmentBytes) throw new ArgumentException($"The name '{segment}' is too long to encrypt.");
        return _encoding.Encode(_eme.Encrypt(padded));
    }

    private string DecryptSegment(string segment)
    {
        if (segment.Length == 0) return "";
        if (Mode == CryptFilenameEncryption.Obfuscate) return NameObfuscation.Deobfuscate(segment, _keys.NameKey);
        var raw = _encoding.Decode(segment);
        if (raw.Length == 0) throw new FormatException("It decodes to nothing.");
        if (raw.Length % Eme.BlockSize != 0) throw new FormatException("It is not a whole number of cipher blocks.");
        if (raw.Length > MaxEncryptedSegmentBytes) throw new FormatException("It is too long to be an encrypted name.");
        try { return Utf8Strict.GetString(Unpad(_eme.Decrypt(raw))); }
        catch (DecoderFallbackException) { throw new FormatException("It does not decrypt to text: another password?"); }
    }

    /// <summary>PKCS#7 to whole EME blocks: 1 to 16 bytes, each the count.</summary>
    internal static byte[] Pad(byte[] data)
    {
        var padding = Eme.BlockSize - data.Length % Eme.BlockSize;
        var padded = new byte[data.Length + padding];
        Buffer.BlockCopy(data, 0, padded, 0, data.Length);
        for (var i = data.Length; i < padded.Length; i++) padded[i] = (byte)padding;
        return padded;
    }

    internal static byte[] Unpad(byte[] padded)
    {
        var padding = padded[padded.Length - 1];
        if (padding == 0 || padding > Eme.BlockSize) throw new FormatException("Its padding does not decrypt: another password?");
        for (var i = padded.Length - padding; i < padded.Length; i++)
            if (padded[i] != padding) throw new FormatException("Its padding does not decrypt: another password?");
        var data = new byte[padded.Length - padding];
        Buffer.BlockCopy(padded, 0, data, 0, data.Length);
        return data;
    }

    public void Dispose() => _eme.Dispose();
}
