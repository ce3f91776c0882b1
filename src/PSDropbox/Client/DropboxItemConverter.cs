using System.Text.Json;
using System.Text.Json.Serialization;
using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

/// <summary>
/// Reads the Metadata union by its ".tag" wherever it stands in the object, then hands the object to the
/// source-generated reader of the concrete type.
/// </summary>
internal sealed class DropboxItemConverter : JsonConverter<DropboxItem>
{
    public override DropboxItem? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        var probe = reader;
        return FindTag(ref probe) switch
        {
            "file" => JsonSerializer.Deserialize(ref reader, WireJson.Default.DropboxFile),
            "folder" => JsonSerializer.Deserialize(ref reader, WireJson.Default.DropboxFolder),
            "deleted" => JsonSerializer.Deserialize(ref reader, WireJson.Default.DropboxDeleted),
            var other => throw new JsonException($"Unknown metadata tag '{other ?? "(none)"}'."),
        };
    }

    public override void Write(Utf8JsonWriter writer, DropboxItem value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Metadata is only read.");

    private static string? FindTag(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("Metadata must be a JSON object.");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isTag = reader.ValueTextEquals(".tag");
            reader.Read();
            if (isTag) return reader.GetString();
            reader.Skip();
        }
        return null;
    }
}
