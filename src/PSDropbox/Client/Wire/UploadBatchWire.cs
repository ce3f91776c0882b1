using System.Text.Json;
using System.Text.Json.Serialization;

namespace PSDropbox.Client.Wire;

internal sealed class UploadSessionStartBatchArg
{
    [JsonPropertyName("num_sessions")] public int NumSessions { get; set; }
}

internal sealed class UploadSessionStartBatchResult
{
    [JsonPropertyName("session_ids")] public List<string> SessionIds { get; set; } = new();
}

internal sealed class UploadSessionFinishBatchArg
{
    [JsonPropertyName("entries")] public List<UploadSessionFinishArg> Entries { get; set; } = new();
}

/// <summary>finish_batch_v2's answer: per entry, in input order, {".tag":"success", FileMetadata fields} or {".tag":"failure","failure":...}.</summary>
internal sealed class UploadSessionFinishBatchResult
{
    [JsonPropertyName("entries")] public List<JsonElement> Entries { get; set; } = new();
}
