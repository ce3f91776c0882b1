using System.Text.Json;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Edge;

/// <summary>SharedLinkMetadata (file or folder, always with .tag: every route declares the base type).</summary>
internal static class SharedLinkJson
{
    /// <summary>
    /// <paramref name="item"/> is the linked item, or an item inside a linked folder (path_lower as <paramref name="view"/> shows it). path_lower, requested_visibility and
    /// the right to revoke are the owner's only; others get revoke_failure_reason owner_only.
    /// </summary>
    public static void Write(Utf8JsonWriter w, PathView view, string url, Item item, SharedLink link, bool isOwner)
    {
        w.WriteStartObject();
        w.WriteString(".tag", item.IsFolder ? "folder" : "file");
        w.WriteString("url", url);
        w.WriteString("id", item.Id);
        w.WriteString("name", item.Name);
        if (link.Expires is long expires)
        {
            w.WriteString("expires", MetadataJson.Timestamp(expires));
        }
        if (isOwner)
        {
            w.WriteString("path_lower", view.Show(item.PathLower, lower: true));
        }
        w.WriteStartObject("link_permissions");
        string visibility = link.Password is not null ? "password" : link.Audience == "public" ? "public" : "team_only";
        w.WriteBoolean("can_revoke", isOwner);
        WriteTag(w, "resolved_visibility", visibility);
        if (isOwner)
        {
            WriteTag(w, "requested_visibility", visibility);
        }
        else
        {
            WriteTag(w, "revoke_failure_reason", "owner_only");
        }
        w.WriteStartArray("visibility_policies");
        w.WriteEndArray();
        w.WriteBoolean("can_set_expiry", isOwner);
        w.WriteBoolean("can_remove_expiry", isOwner);
        w.WriteBoolean("allow_download", link.AllowDownload);
        w.WriteBoolean("can_allow_download", isOwner);
        w.WriteBoolean("can_disallow_download", isOwner);
        w.WriteBoolean("allow_comments", true);
        w.WriteBoolean("team_restricts_comments", false);
        w.WriteBoolean("require_password", link.Password is not null);
        WriteTag(w, "effective_audience", link.Audience);
        WriteTag(w, "link_access_level", link.Access is "editor" or "max" ? "editor" : "viewer");
        w.WriteEndObject();
        if (!item.IsFolder)
        {
            w.WriteString("client_modified", MetadataJson.Timestamp(item.ClientModified));
            w.WriteString("server_modified", MetadataJson.Timestamp(item.ServerModified));
            w.WriteString("rev", item.Rev);
            w.WriteNumber("size", item.Size);
        }
        w.WriteEndObject();
    }

    private static void WriteTag(Utf8JsonWriter w, string name, string tag)
    {
        w.WriteStartObject(name);
        w.WriteString(".tag", tag);
        w.WriteEndObject();
    }
}
