namespace PSDropbox.Client;

/// <summary>Reads the tag path out of an error_summary such as "path/not_found/..".</summary>
public static class ErrorSummary
{
    public static IReadOnlyList<string> ParseTags(string? summary)
    {
        if (string.IsNullOrWhiteSpace(summary)) return Array.Empty<string>();
        // The trailing "/" + 0-3 dots is deliberate noise from Dropbox; only the tags before it mean anything.
        return summary!.Split('/')
            .Select(part => part.Trim())
            .Where(part => part.Length > 0 && part.Trim('.').Length > 0)
            .ToArray();
    }
}
