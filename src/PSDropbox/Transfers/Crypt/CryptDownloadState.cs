using System.Text.Json.Serialization;

namespace PSDropbox.Transfers.Crypt;

/// <summary>
/// What a later -Resume needs to continue a download from an encrypted folder: the revision whose plaintext the partial
/// file begins, and that revision's nonce (the partial file holds plaintext, so the header is not on disk). One small
/// owner-only file per local target (<see cref="StateFiles"/>, PSDropbox/crypt-downloads); it holds no key.
/// </summary>
internal sealed class CryptDownloadState
{
    private const string Kind = "crypt-downloads";

    [JsonPropertyName("rev")] public string Rev { get; set; } = "";
    [JsonPropertyName("nonce")] public string Nonce { get; set; } = "";

    public static string PathFor(string target) => StateFiles.PathFor(Kind, Path.GetFullPath(target));

    public static CryptDownloadState? Load(string path) => StateFiles.Load(path, TransferStateJson.Default.CryptDownloadState);

    public void Save(string path) => StateFiles.Save(path, this, TransferStateJson.Default.CryptDownloadState);
}
