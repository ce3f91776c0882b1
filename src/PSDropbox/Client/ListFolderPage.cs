using System.Text.Json.Serialization;

namespace PSDropbox.Client;

/// <summary>One page of list_folder or list_folder/continue, with the cursor to the next page or to later changes.</summary>
public sealed class ListFolderPage
{
    [JsonPropertyName("entries")] public List<DropboxItem> Entries { get; set; } = new();
    [JsonPropertyName("cursor")] public string Cursor { get; set; } = "";
    [JsonPropertyName("has_more")] public bool HasMore { get; set; }
}
