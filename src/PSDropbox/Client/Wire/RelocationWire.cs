using System.Text.Json;
using System.Text.Json.Serialization;

namespace PSDropbox.Client.Wire;

internal sealed class RelocationArg
{
    [JsonPropertyName("from_path")] public string FromPath { get; set; } = "";
    [JsonPropertyName("to_path")] public string ToPath { get; set; } = "";
    [JsonPropertyName("autorename")] public bool Autorename { get; set; }
}

internal sealed class RelocationPath
{
    [JsonPropertyName("from_path")] public string FromPath { get; set; } = "";
    [JsonPropertyName("to_path")] public string ToPath { get; set; } = "";
}

internal sealed class RelocationBatchArg
{
    [JsonPropertyName("entries")] public List<RelocationPath> Entries { get; set; } = new();
    [JsonPropertyName("autorename")] public bool Autorename { get; set; }
}

internal sealed class DeleteBatchArg
{
    [JsonPropertyName("entries")] public List<DeleteArg> Entries { get; set; } = new();
}

internal sealed class AsyncJobArg
{
    [JsonPropertyName("async_job_id")] public string AsyncJobId { get; set; } = "";
}

/// <summary>Launch and /check answers of every batch route: async_job_id | in_progress | complete | failed.</summary>
internal sealed class BatchJobStatus
{
    [JsonPropertyName(".tag")] public string Tag { get; set; } = "";
    [JsonPropertyName("async_job_id")] public string? AsyncJobId { get; set; }
    [JsonPropertyName("entries")] public List<BatchEntryResult>? Entries { get; set; }
    [JsonPropertyName("failed")] public JsonElement? Failed { get; set; }
}

/// <summary>One entry: success (relocation: under "success", delete: under "metadata") or failure (an error union).</summary>
internal sealed class BatchEntryResult
{
    [JsonPropertyName(".tag")] public string Tag { get; set; } = "";
    [JsonPropertyName("success")] public DropboxItem? Success { get; set; }
    [JsonPropertyName("metadata")] public DropboxItem? Metadata { get; set; }
    [JsonPropertyName("failure")] public JsonElement? Failure { get; set; }
}
