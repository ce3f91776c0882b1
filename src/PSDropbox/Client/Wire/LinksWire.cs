using System.Text.Json.Serialization;

namespace PSDropbox.Client.Wire;

internal sealed class TemporaryLinkResult
{
    [JsonPropertyName("metadata")] public DropboxFile Metadata { get; set; } = new();
    [JsonPropertyName("link")] public string Link { get; set; } = "";
}

internal sealed class CopyReferenceResult
{
    [JsonPropertyName("metadata")] public DropboxItem? Metadata { get; set; }
    [JsonPropertyName("copy_reference")] public string CopyReference { get; set; } = "";
    [JsonPropertyName("expires")] public DateTime Expires { get; set; }
}

internal sealed class SaveCopyReferenceArg
{
    [JsonPropertyName("copy_reference")] public string CopyReference { get; set; } = "";
    [JsonPropertyName("path")] public string Path { get; set; } = "";
}
