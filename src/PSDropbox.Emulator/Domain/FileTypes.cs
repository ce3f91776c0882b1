namespace PSDropbox.Emulator.Domain;

/// <summary>What a file is, judged by its name the way Dropbox does (search categories, thumbnails).</summary>
internal static class FileTypes
{
    /// <summary>"Photo.JPG" → "jpg"; "" when the name has no extension.</summary>
    public static string Extension(string name)
    {
        int dot = name.LastIndexOf('.');
        return dot <= 0 ? "" : name[(dot + 1)..].ToLowerInvariant();
    }

    /// <summary>The search_v2 FileCategory of a file extension.</summary>
    public static string CategoryOf(string extension) => extension switch
    {
        "jpg" or "jpeg" or "png" or "gif" or "bmp" or "tif" or "tiff" or "webp" or "heic" or "svg" or "ppm" => "image",
        "doc" or "docx" or "txt" or "md" or "rtf" or "odt" or "pages" => "document",
        "pdf" => "pdf",
        "xls" or "xlsx" or "csv" or "ods" or "numbers" => "spreadsheet",
        "ppt" or "pptx" or "key" or "odp" => "presentation",
        "mp3" or "wav" or "flac" or "aac" or "m4a" or "ogg" => "audio",
        "mp4" or "mov" or "avi" or "mkv" or "wmv" or "webm" => "video",
        "paper" => "paper",
        _ => "others",
    };
}
