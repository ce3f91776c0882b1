using System.Globalization;
using System.Text.Json;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Edge;

/// <summary>
/// What a request asked to add to metadata: media_info (include_media_info; null = not a photo or video),
/// property_groups (include_property_groups), has_explicit_shared_members (include_has_explicit_shared_members).
/// </summary>
internal sealed record MetadataExtras(MediaDetails? Media, bool PropertyGroups, bool ExplicitSharedMembers);

/// <summary>
/// Stone-exact metadata writers (§3 field order). withTag only where the route declares the base type Metadata. Paths are
/// written as the request's <see cref="PathView"/> shows them (relative to its path root).
/// </summary>
internal static class MetadataJson
{
    public static string Timestamp(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Writes a live item as file/folder metadata, or a deleted row as DeletedMetadata.</summary>
    public static void Write(Utf8JsonWriter w, PathView view, Item item, bool withTag, MetadataExtras? extras = null)
    {
        if (item.IsDeleted)
        {
            WriteDeleted(w, view, item.PathLower, item.PathDisplay);
        }
        else if (item.IsFolder)
        {
            WriteFolder(w, view, item, withTag, extras);
        }
        else
        {
            WriteFile(w, view, item, withTag, extras);
        }
    }

    /// <summary>{"metadata": Metadata} (the v2 results), or the tagged Metadata itself (the deprecated v1 routes).</summary>
    public static void WriteWrapped(Utf8JsonWriter w, PathView view, Item item, bool wrapped)
    {
        if (!wrapped)
        {
            Write(w, view, item, withTag: true);
            return;
        }
        w.WriteStartObject();
        w.WritePropertyName("metadata");
        Write(w, view, item, withTag: true);
        w.WriteEndObject();
    }

    public static void WriteFile(Utf8JsonWriter w, PathView view, Item item, bool withTag, MetadataExtras? extras = null)
    {
        w.WriteStartObject();
        if (withTag)
        {
            w.WriteString(".tag", "file");
        }
        WriteNames(w, view, item);
        w.WriteString("id", item.Id);
        w.WriteString("client_modified", Timestamp(item.ClientModified));
        w.WriteString("server_modified", Timestamp(item.ServerModified));
        w.WriteString("rev", item.Rev);
        w.WriteNumber("size", item.Size);
        if (extras?.Media is { } media)
        {
            WriteMediaInfo(w, media);
        }
        if (item.Sharing is { } sharing)
        {
            w.WriteStartObject("sharing_info");
            w.WriteBoolean("read_only", sharing.ReadOnly);
            w.WriteString("parent_shared_folder_id", sharing.SharedFolderId);
            if (sharing.ModifiedBy is not null)
            {
                w.WriteString("modified_by", sharing.ModifiedBy);
            }
            w.WriteEndObject();
        }
        w.WriteBoolean("is_downloadable", item.Exports is null);
        if (item.Exports is { } exports)
        {
            w.WriteStartObject("export_info");
            w.WriteString("export_as", exports[0].Format);
            w.WriteStartArray("export_options");
            foreach (var e in exports)
            {
                w.WriteStringValue(e.Format);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        WritePropertyGroups(w, extras);
        if (extras?.ExplicitSharedMembers == true)
        {
            w.WriteBoolean("has_explicit_shared_members", false);
        }
        w.WriteString("content_hash", item.ContentHash);
        w.WriteEndObject();
    }

    public static void WriteFolder(Utf8JsonWriter w, PathView view, Item item, bool withTag, MetadataExtras? extras = null)
    {
        w.WriteStartObject();
        if (withTag)
        {
            w.WriteString(".tag", "folder");
        }
        WriteNames(w, view, item);
        w.WriteString("id", item.Id);
        if (item.Sharing is { } sharing)
        {
            if (sharing.IsMountPoint)
            {
                w.WriteString("shared_folder_id", sharing.SharedFolderId);
            }
            w.WriteStartObject("sharing_info");
            w.WriteBoolean("read_only", sharing.ReadOnly);
            w.WriteString(sharing.IsMountPoint ? "shared_folder_id" : "parent_shared_folder_id", sharing.SharedFolderId);
            w.WriteBoolean("traverse_only", false);
            w.WriteBoolean("no_access", false);
            w.WriteEndObject();
        }
        WritePropertyGroups(w, extras);
        w.WriteEndObject();
    }

    /// <summary>name, path_lower, path_display, and the (deprecated, still sent) parent_shared_folder_id of an item inside a shared folder.</summary>
    private static void WriteNames(Utf8JsonWriter w, PathView view, Item item)
    {
        w.WriteString("name", item.Name);
        w.WriteString("path_lower", view.Show(item.PathLower, lower: true));
        w.WriteString("path_display", view.Show(item.PathDisplay, lower: false));
        if (item.Sharing is { IsMountPoint: false } sharing)
        {
            w.WriteString("parent_shared_folder_id", sharing.SharedFolderId);
        }
    }

    /// <summary>MediaInfo: {".tag":"pending"} or {".tag":"metadata","metadata":{".tag":"photo"|"video", dimensions?, location?, time_taken?, duration?}}.</summary>
    private static void WriteMediaInfo(Utf8JsonWriter w, MediaDetails media)
    {
        w.WriteStartObject("media_info");
        if (media.Pending)
        {
            w.WriteString(".tag", "pending");
            w.WriteEndObject();
            return;
        }
        w.WriteString(".tag", "metadata");
        w.WriteStartObject("metadata");
        w.WriteString(".tag", media.IsVideo ? "video" : "photo");
        if (media.Width is long width && media.Height is long height)
        {
            w.WriteStartObject("dimensions");
            w.WriteNumber("height", height);
            w.WriteNumber("width", width);
            w.WriteEndObject();
        }
        if (media.Latitude is double latitude && media.Longitude is double longitude)
        {
            w.WriteStartObject("location");
            w.WriteNumber("latitude", latitude);
            w.WriteNumber("longitude", longitude);
            w.WriteEndObject();
        }
        if (media.TimeTaken is long taken)
        {
            w.WriteString("time_taken", Timestamp(taken));
        }
        if (media.IsVideo && media.DurationMs is long duration)
        {
            w.WriteNumber("duration", duration);
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>property_groups: asked for with include_property_groups; the emulator keeps no property templates, so none match.</summary>
    private static void WritePropertyGroups(Utf8JsonWriter w, MetadataExtras? extras)
    {
        if (extras?.PropertyGroups == true)
        {
            w.WriteStartArray("property_groups");
            w.WriteEndArray();
        }
    }

    /// <summary>DeletedMetadata always carries .tag (it only appears where Metadata is declared) and has no id.</summary>
    public static void WriteDeleted(Utf8JsonWriter w, PathView view, string pathLower, string pathDisplay)
    {
        w.WriteStartObject();
        w.WriteString(".tag", "deleted");
        w.WriteString("name", pathDisplay[(pathDisplay.LastIndexOf('/') + 1)..]);
        w.WriteString("path_lower", view.Show(pathLower, lower: true));
        w.WriteString("path_display", view.Show(pathDisplay, lower: false));
        w.WriteEndObject();
    }

    public static void WriteEntry(Utf8JsonWriter w, PathView view, ListEntry e, MetadataExtras? extras = null)
    {
        if (e.Deleted || e.Item is null)
        {
            WriteDeleted(w, view, e.PathLower, e.PathDisplay);
        }
        else
        {
            Write(w, view, e.Item, withTag: true, extras);
        }
    }
}
