using System.Buffers.Text;
using System.Text.Json;

namespace PSDropbox.Emulator.Domain;

/// <summary>What a search_v2 call asks for (the options struct, normalized).</summary>
internal sealed record SearchQuery(
    string Query,
    string ScopeLower,
    bool Deleted,
    bool FilenameOnly,
    IReadOnlyList<string> Extensions,
    IReadOnlyList<string> Categories,
    bool ByLastModified);

internal sealed record SearchMatch(Item Item, string MatchType);

/// <summary>search/continue_v2 cursor: base64url JSON of the account, the whole query, the page size and the next offset.</summary>
internal sealed record SearchCursor(string AccountId, SearchQuery Query, int PageSize, int Offset)
{
    public string Encode()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("a", AccountId);
            w.WriteString("q", Query.Query);
            w.WriteString("s", Query.ScopeLower);
            w.WriteBoolean("d", Query.Deleted);
            w.WriteBoolean("f", Query.FilenameOnly);
            w.WriteStartArray("e");
            Query.Extensions.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteStartArray("c");
            Query.Categories.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteBoolean("m", Query.ByLastModified);
            w.WriteNumber("n", PageSize);
            w.WriteNumber("o", Offset);
            w.WriteEndObject();
        }
        return "S1" + Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    public static SearchCursor? TryDecode(string? text)
    {
        if (text is null || !text.StartsWith("S1", StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(Base64Url.DecodeFromChars(text.AsSpan(2)));
            var r = doc.RootElement;
            var query = new SearchQuery(
                r.GetProperty("q").GetString()!, r.GetProperty("s").GetString()!, r.GetProperty("d").GetBoolean(), r.GetProperty("f").GetBoolean(),
                [.. r.GetProperty("e").EnumerateArray().Select(e => e.GetString()!)], [.. r.GetProperty("c").EnumerateArray().Select(e => e.GetString()!)],
                r.GetProperty("m").GetBoolean());
            int pageSize = r.GetProperty("n").GetInt32();
            int offset = r.GetProperty("o").GetInt32();
            return pageSize is < 1 or > 1000 || offset < 0 ? null : new SearchCursor(r.GetProperty("a").GetString()!, query, pageSize, offset);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }
}
