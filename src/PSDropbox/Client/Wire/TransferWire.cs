using System.Text.Json;
using System.Text.Json.Serialization;

namespace PSDropbox.Client.Wire;

/// <summary>CommitInfo: where and how an upload is committed (files/upload, upload_session/finish).</summary>
internal class CommitInfo
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("mode")] public WriteModeArg Mode { get; set; } = new();
    [JsonPropertyName("autorename")] public bool Autorename { get; set; }
    /// <summary>%Y-%m-%dT%H:%M:%SZ, whole seconds (§0).</summary>
    [JsonPropertyName("client_modified")] public string? ClientModified { get; set; }
    [JsonPropertyName("mute")] public bool Mute { get; set; }
    [JsonPropertyName("strict_conflict")] public bool StrictConflict { get; set; }
}

/// <summary>files/upload: CommitInfo plus the content_hash of this request's body.</summary>
internal sealed class UploadArg : CommitInfo
{
    [JsonPropertyName("content_hash")] public string? ContentHash { get; set; }

    public static UploadArg From(CommitInfo commit, string contentHash) => new()
    {
        Path = commit.Path,
        Mode = commit.Mode,
        Autorename = commit.Autorename,
        ClientModified = commit.ClientModified,
        Mute = commit.Mute,
        StrictConflict = commit.StrictConflict,
        ContentHash = contentHash,
    };
}

/// <summary>The WriteMode union: "add", "overwrite" or {".tag":"update","update":"&lt;rev&gt;"}.</summary>
[JsonConverter(typeof(WriteModeConverter))]
internal sealed class WriteModeArg
{
    public DropboxWriteMode Mode { get; set; }
    public string? Rev { get; set; }
}

internal sealed class WriteModeConverter : JsonConverter<WriteModeArg>
{
    public override WriteModeArg Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("WriteMode is only written.");

    public override void Write(Utf8JsonWriter writer, WriteModeArg value, JsonSerializerOptions options)
    {
        switch (value.Mode)
        {
            case DropboxWriteMode.Update:
                writer.WriteStartObject();
                writer.WriteString(".tag", "update");
                writer.WriteString("update", value.Rev);
                writer.WriteEndObject();
                break;
            case DropboxWriteMode.Overwrite:
                writer.WriteStringValue("overwrite");
                break;
            default:
                writer.WriteStringValue("add");
                break;
        }
    }
}

internal sealed class DownloadArg
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
}

internal sealed class ExportArg
{
    [JsonPropertyName("path")] public string Path { get; set; } = "";
    [JsonPropertyName("export_format")] public string? ExportFormat { get; set; }
}

/// <summary>files/export's Dropbox-API-Result.</summary>
internal sealed class ExportResult
{
    [JsonPropertyName("export_metadata")] public ExportMetadata? Export { get; set; }
    [JsonPropertyName("file_metadata")] public DropboxFile? File { get; set; }
}

internal sealed class ExportInfoWire
{
    [JsonPropertyName("export_as")] public string? ExportAs { get; set; }
    [JsonPropertyName("export_options")] public List<string>? ExportOptions { get; set; }
}

internal sealed class ExportMetadata
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("size")] public long Size { get; set; }
    [JsonPropertyName("export_hash")] public string? ExportHash { get; set; }
}

internal sealed class UploadSessionCursor
{
    [JsonPropertyName("session_id")] public string SessionId { get; set; } = "";
    [JsonPropertyName("offset")] public long Offset { get; set; }
}

internal sealed class UploadSessionStartArg
{
    [JsonPropertyName("close")] public bool Close { get; set; }
    [JsonPropertyName("content_hash")] public string? ContentHash { get; set; }
}

internal sealed class UploadSessionStartResult
{
    [JsonPropertyName("session_id")] public string SessionId { get; set; } = "";
}

internal sealed class UploadSessionAppendArg
{
    [JsonPropertyName("cursor")] public UploadSessionCursor Cursor { get; set; } = new();
    [JsonPropertyName("close")] public bool Close { get; set; }
    [JsonPropertyName("content_hash")] public string? ContentHash { get; set; }
}

internal sealed class UploadSessionFinishArg
{
    [JsonPropertyName("cursor")] public UploadSessionCursor Cursor { get; set; } = new();
    [JsonPropertyName("commit")] public CommitInfo Commit { get; set; } = new();
    [JsonPropertyName("content_hash")] public string? ContentHash { get; set; }
}
