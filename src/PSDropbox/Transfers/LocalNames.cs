namespace PSDropbox.Transfers;

/// <summary>
/// Turns remote names into local names that cannot escape the destination folder or trip Windows: "..", "/", "\", ":",
/// the other characters Windows forbids, control characters, trailing dots or spaces and reserved device names.
/// The same rules apply on every platform, so a tree downloads to the same names everywhere.
/// </summary>
internal static class LocalNames
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>A safe version of <paramref name="name"/> (unchanged when it already is); throws for "", "." and "..".</summary>
    public static string MakeSafe(string name)
    {
        if (string.IsNullOrEmpty(name) || name == "." || name == "..")
            throw new UnsafeLocalNameException(name, "it would name the folder itself or its parent");
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c < 0x20 || c == 0x7F || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|')
                chars[i] = '_';
        }
        var end = chars.Length - 1;
        while (end >= 0 && (chars[end] == '.' || chars[end] == ' ')) chars[end--] = '_';
        var safe = new string(chars);
        var dot = safe.IndexOf('.');
        var stem = dot < 0 ? safe : safe.Substring(0, dot);
        if (Reserved.Contains(stem.TrimEnd(' '))) safe = "_" + safe;
        return safe;
    }

    /// <summary>root + relative parts (each made safe); the result is guaranteed to lie inside root.</summary>
    public static string Under(string root, IEnumerable<string> parts)
    {
        var fullRoot = Path.GetFullPath(root);
        var path = fullRoot;
        foreach (var part in parts) path = Path.Combine(path, MakeSafe(part));
        var full = Path.GetFullPath(path);
        var prefix = fullRoot.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? fullRoot : fullRoot + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
            throw new UnsafeLocalNameException(string.Join("/", parts), $"it would be written outside '{fullRoot}'");
        return full;
    }
}

/// <summary>A remote name that cannot be used locally at all (refused, nothing written).</summary>
public sealed class UnsafeLocalNameException : IOException
{
    public UnsafeLocalNameException(string name, string reason)
        : base($"The remote name '{name}' was refused: {reason}.") => Name = name;

    public string Name { get; }
}
