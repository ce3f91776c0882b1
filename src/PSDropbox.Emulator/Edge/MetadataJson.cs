using System.Globalization;
using System.Text.Json;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Edge;

/// <summary>Stone-exact metadata writers (§3 field order). withTag only where the route declares the base type Metadata.</summary>
internal static class MetadataJson
{
    public static string Timestamp(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes a live item as file/folder metadata, or a deleted row as DeletedMetadata.</summary>
    public static void Write(Utf8JsonWriter w, Item item, bool withTag)
    {
        if (item.IsDeleted)
        {
            WriteDeleted(w, item.PathLower, item.PathDisplay);
        }
        else if (item.IsFolder)
        {
            WriteFolder(w, item, withTag);
        }
        else
        {
            WriteFile(w, item, withTag);
        }
    }

    public static void WriteFile(Utf8JsonWriter w, Item item, bool withTag)
    {
        w.WriteStartObject();
        if (withTag)
        {
            w.WriteString(".tag", "file");
        }
        w.WriteString("name", item.Name);
        w.WriteString("path_lower", item.PathLower);
        w.WriteString("path_display", item.PathDisplay);
        w.WriteString("id", item.Id);
        w.WriteString("client_modified", Timestamp(item.ClientModified));
        w.WriteString("server_modified", Timestamp(item.ServerModified));
        w.WriteString("rev", item.Rev);
        w.WriteNumber("size", item.Size);
        w.WriteBoolean("is_downloadable", true);
        w.WriteString("content_hash", item.ContentHash);
        w.WriteEndObject();
    }

    public static void WriteFolder(Utf8JsonWriter w, Item item, bool withTag)
    {
        w.WriteStartObject();
        if (withTag)
        {
            w.WriteString(".tag", "folder");
        }
        w.WriteString("name", item.Name);
        w.WriteString("path_lower", item.PathLower);
        w.WriteString("path_display", item.PathDisplay);
        w.WriteString("id", item.Id);
        w.WriteEndObject();
    }

    /// <summary>DeletedMetadata always carries .tag (it only appears where Metadata is declared) and has no id.</summary>
    public static void WriteDeleted(Utf8JsonWriter w, string pathLower, string pathDisplay)
    {
        w.WriteStartObject();
        w.WriteString(".tag", "deleted");
        w.WriteString("name", pathDisplay[(pathDisplay.LastIndexOf('/') + 1)..]);
        w.WriteString("path_lower", pathLower);
        w.WriteString("path_display", pathDisplay);
        w.WriteEndObject();
    }

    public static void WriteEntry(Utf8JsonWriter w, ListEntry e)
    {
        if (e.Deleted || e.Item is null)
        {
            WriteDeleted(w, e.PathLower, e.PathDisplay);
        }
        else
        {
            Write(w, e.Item, withTag: true);
        }
    }
}
