using System.Text.Json.Serialization;
using PSDropbox.Client;
using PSDropbox.Client.Wire;

namespace PSDropbox;

/// <summary>
/// A file, folder or deleted entry in Dropbox (the Metadata union). Path is the display path; PathLower is
/// the key Dropbox compares on. The property names bind to -Path parameters down the pipeline.
/// </summary>
[JsonConverter(typeof(DropboxItemConverter))]
public abstract class DropboxItem
{
    [JsonPropertyName("name")] public string Name { get; set; } = "";
    [JsonPropertyName("path_display")] public string? Path { get; set; }
    [JsonPropertyName("path_lower")] public string? PathLower { get; set; }

    /// <summary>The folder that holds this item, "/" for items at the root.</summary>
    [JsonIgnore]
    public string ParentPath
    {
        get
        {
            var path = Path ?? PathLower;
            if (string.IsNullOrEmpty(path)) return "/";
            var slash = path!.LastIndexOf('/');
            return slash <= 0 ? "/" : path.Substring(0, slash);
        }
    }

    /// <summary>Get-ChildItem style mode string: d for folders, a for files, x for deleted entries.</summary>
    [JsonIgnore] public abstract string Mode { get; }

    public override string ToString() => Path ?? Name;
}

/// <summary>A file (FileMetadata).</summary>
public sealed class DropboxFile : DropboxItem
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("client_modified")] public DateTime ClientModified { get; set; }
    [JsonPropertyName("server_modified")] public DateTime ServerModified { get; set; }
    [JsonPropertyName("rev")] public string? Rev { get; set; }
    [JsonPropertyName("size")] public long Size { get; set; }
    [JsonPropertyName("is_downloadable")] public bool IsDownloadable { get; set; } = true;
    [JsonPropertyName("content_hash")] public string? ContentHash { get; set; }

    [JsonInclude]
    [JsonPropertyName("export_info")]
    internal ExportInfoWire? ExportInfo { get; set; }

    /// <summary>For a file that cannot be downloaded (IsDownloadable false, e.g. a Google or Paper doc): the format it exports to by default.</summary>
    [JsonIgnore] public string? ExportAs => ExportInfo?.ExportAs;

    /// <summary>The other formats such a file can be exported to (Receive-DropboxFile -ExportFormat).</summary>
    [JsonIgnore] public IReadOnlyList<string> ExportOptions => ExportInfo?.ExportOptions ?? (IReadOnlyList<string>)Array.Empty<string>();

    /// <summary>Same as Size; named like FileInfo.Length so views and scripts read naturally.</summary>
    [JsonIgnore] public long Length => Size;

    /// <summary>The modification time the uploading client reported, in local time (like FileInfo.LastWriteTime).</summary>
    [JsonIgnore] public DateTime LastWriteTime => ClientModified.ToLocalTime();

    [JsonIgnore] public override string Mode => "-a---";

    /// <summary>A copy to decorate for output without touching the caller's object.</summary>
    internal DropboxFile Copy() => (DropboxFile)MemberwiseClone();
}

/// <summary>A folder (FolderMetadata).</summary>
public sealed class DropboxFolder : DropboxItem
{
    [JsonPropertyName("id")] public string? Id { get; set; }

    [JsonIgnore] public override string Mode => "d----";

    internal static DropboxFolder Root() => new() { Name = "", Path = "/", PathLower = "/" };
}

/// <summary>An entry that used to exist (DeletedMetadata). It has no id.</summary>
public sealed class DropboxDeleted : DropboxItem
{
    [JsonPropertyName("is_restorable")] public bool? IsRestorable { get; set; }

    [JsonIgnore] public override string Mode => "x----";
}
