using System.Text.Json.Serialization;

namespace PSDropbox.Transfers;

/// <summary>
/// What -Resume needs to continue an upload session: a small JSON file per (local path, size, mtime, destination) under
/// the user's local app data (PSDropbox/uploads), readable by its owner only. It holds no token, only the session id
/// and the last offset the server confirmed.
/// </summary>
internal sealed class UploadState
{
    [JsonPropertyName("session_id")] public string SessionId { get; set; } = "";
    [JsonPropertyName("offset")] public long Offset { get; set; }
    [JsonPropertyName("local_path")] public string LocalPath { get; set; } = "";
    [JsonPropertyName("size")] public long Size { get; set; }
    [JsonPropertyName("last_write_utc")] public DateTime LastWriteUtc { get; set; }
    [JsonPropertyName("destination")] public string Destination { get; set; } = "";
    /// <summary>The crypt nonce of an encrypted upload (base64): a resume must seal the rest under the same one.</summary>
    [JsonPropertyName("crypt_nonce")] public string? CryptNonce { get; set; }

    private const string Kind = "uploads";

    /// <summary>The state file for this upload: the same file, unchanged, to the same destination.</summary>
    public static string PathFor(string localPath, long size, DateTime lastWriteUtc, string destination) =>
        StateFiles.PathFor(Kind, $"{localPath}\n{size}\n{lastWriteUtc.Ticks}\n{destination.ToLowerInvariant()}");

    public static UploadState? Load(string path) => StateFiles.Load(path, TransferStateJson.Default.UploadState);

    /// <summary>Writes the file atomically, owner-only.</summary>
    public void Save(string path) => StateFiles.Save(path, this, TransferStateJson.Default.UploadState);

    public static void Delete(string path) => StateFiles.Delete(path);
}

[JsonSerializable(typeof(UploadState))]
[JsonSerializable(typeof(Crypt.CryptDownloadState))]
internal sealed partial class TransferStateJson : JsonSerializerContext
{
}
