namespace PSDropbox.Transfers.Sync;

/// <summary>Local names Dropbox refuses (files/upload answers malformed_path or disallowed_name): found before any request.</summary>
internal static class DropboxNames
{
    /// <summary>Why Dropbox would refuse <paramref name="name"/>, or null when it accepts it.</summary>
    public static string? Problem(string name)
    {
        if (name.Length > 255) return $"it is {name.Length} characters long (at most 255)";
        if (char.IsWhiteSpace(name[name.Length - 1])) return "it ends with a space";
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '\\') return "it contains a backslash";
            if (c < 0x20 || c == 0x7F) return $"it contains the control character U+{(int)c:X4}";
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1])) i++;
            else if (char.IsSurrogate(c)) return "it is not valid Unicode";
        }
        return null;
    }
}
