using System.Text.Json.Serialization;

namespace PSDropbox.Client.Wire;

internal sealed class PathArg
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
}

internal sealed class GetMetadataArg
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("include_deleted")] public bool IncludeDeleted { get; set; }
}

internal sealed class ListFolderArg
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("recursive")] public bool Recursive { get; set; }
    [JsonPropertyName("include_deleted")] public bool IncludeDeleted { get; set; }
    [JsonPropertyName("limit")] public int? Limit { get; set; }
}

internal sealed class CursorArg
{
    [JsonPropertyName("cursor")] public string Cursor { get; set; } = "";
}

internal sealed class CreateFolderArg
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("autorename")] public bool Autorename { get; set; }
}

internal sealed class CreateFolderResult
{
    [JsonPropertyName("metadata")] public DropboxFolder Metadata { get; set; } = new();
}

internal sealed class DeleteArg
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("parent_rev")] public string? ParentRev { get; set; }
}

internal sealed class MetadataResult
{
    [JsonPropertyName("metadata")] public DropboxItem? Metadata { get; set; }
}
