using System.Text.Json.Serialization;

namespace PSDropbox.Client.Wire;

internal sealed class ThumbnailArg
{
    [JsonPropertyName("resource")] public ThumbnailResource Resource { get; set; } = new();
    [JsonPropertyName("format")] public string Format { get; set; } = "jpeg";
    [JsonPropertyName("size")] public string Size { get; set; } = "w64h64";
    [JsonPropertyName("mode")] public string Mode { get; set; } = "strict";
}

/// <summary>PathOrLink with the path member: {".tag":"path","path":"/a.jpg"}.</summary>
internal sealed class ThumbnailResource
{
    [JsonPropertyName(".tag")] public string Tag { get; set; } = "path";
    [JsonPropertyName("path")] public string Path { get; set; } = "";
}

internal sealed class PreviewResult
{
    [JsonPropertyName("file_metadata")] public DropboxFile? FileMetadata { get; set; }
}
