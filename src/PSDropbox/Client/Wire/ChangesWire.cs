using System.Text.Json.Serialization;

namespace PSDropbox.Client.Wire;

internal sealed class LatestCursorResult
{
    [JsonPropertyName("cursor")] public string Cursor { get; set; } = "";
}

internal sealed class LongpollArg
{
    [JsonPropertyName("cursor")] public string Cursor { get; set; } = "";
    [JsonPropertyName("timeout")] public int Timeout { get; set; } = 30;
}

/// <summary>The persisted form of a change cursor (see ChangeStateFile).</summary>
internal sealed class ChangeStateDocument
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("recursive")] public bool Recursive { get; set; }
    [JsonPropertyName("include_deleted")] public bool IncludeDeleted { get; set; }
    [JsonPropertyName("cursor")] public string? Cursor { get; set; }
    /// <summary>True while a listing of the folder's current state (a baseline) is being delivered page by page.</summary>
    [JsonPropertyName("baseline")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Baseline { get; set; }
    [JsonPropertyName("updated")] public DateTime Updated { get; set; }
}
