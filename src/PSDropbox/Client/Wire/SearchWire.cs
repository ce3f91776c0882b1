using System.Text.Json.Serialization;

namespace PSDropbox.Client.Wire;

internal sealed class SearchV2Arg
{
    [JsonPropertyName("query")] public string Query { get; set; } = "";
    [JsonPropertyName("options")] public SearchOptionsArg Options { get; set; } = new();
}

internal sealed class SearchOptionsArg
{
    [JsonPropertyName("path")] public string? Path { get; set; }
    [JsonPropertyName("max_results")] public int MaxResults { get; set; } = 100;
    [JsonPropertyName("order_by")] public string? OrderBy { get; set; }
    [JsonPropertyName("file_status")] public string FileStatus { get; set; } = "active";
    [JsonPropertyName("filename_only")] public bool FilenameOnly { get; set; }
    [JsonPropertyName("file_extensions")] public List<string>? FileExtensions { get; set; }
    [JsonPropertyName("file_categories")] public List<string>? FileCategories { get; set; }
}

internal sealed class SearchV2Result
{
    [JsonPropertyName("matches")] public List<SearchMatchWire> Matches { get; set; } = new();
    [JsonPropertyName("has_more")] public bool HasMore { get; set; }
    [JsonPropertyName("cursor")] public string? Cursor { get; set; }
}

internal sealed class SearchMatchWire
{
    [JsonPropertyName("metadata")] public MetadataV2 Metadata { get; set; } = new();
    [JsonPropertyName("match_type")] public TagOnly? MatchType { get; set; }
}

/// <summary>The MetadataV2 union: {".tag":"metadata","metadata":{...}}; other tags carry nothing we can show.</summary>
internal sealed class MetadataV2
{
    [JsonPropertyName(".tag")] public string Tag { get; set; } = "";
    [JsonPropertyName("metadata")] public DropboxItem? Metadata { get; set; }
}
