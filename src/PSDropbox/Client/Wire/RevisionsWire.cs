using System.Text.Json.Serialization;

namespace PSDropbox.Client.Wire;

internal sealed class ListRevisionsArg
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("mode")] public string Mode { get; set; } = "path";
    [JsonPropertyName("limit")] public int Limit { get; set; } = 10;
    [JsonPropertyName("before_rev")] public string? BeforeRev { get; set; }
}

internal sealed class ListRevisionsResult
{
    [JsonPropertyName("is_deleted")] public bool IsDeleted { get; set; }
    [JsonPropertyName("server_deleted")] public DateTime? ServerDeleted { get; set; }
    [JsonPropertyName("entries")] public List<DropboxFile> Entries { get; set; } = new();
    [JsonPropertyName("has_more")] public bool HasMore { get; set; }
}

internal sealed class RestoreArg
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("rev")] public string Rev { get; set; } = "";
}
