using System.Globalization;
using System.Text.RegularExpressions;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Edge;

/// <summary>Reads the CommitInfo fields (files/upload, upload_session/finish) and the content_hash argument.</summary>
internal static partial class CommitArgs
{
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    [GeneratedRegex(@"\A[0-9a-f]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex RevPattern();

    [GeneratedRegex(@"\A[0-9a-f]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex HashPattern();

    /// <summary>Reads a CommitInfo object. Path problems surface as PathProblemException (the caller wraps them).</summary>
    public static CommitInfo Read(ArgReader args)
    {
        var path = args.Path("path", PathRules.WritePathOrId, forWrite: true);
        var (mode, rev) = ReadMode(args);
        bool autorename = args.Bool("autorename", false);
        args.Bool("mute", false);
        bool strict = args.Bool("strict_conflict", false);
        long? clientModified = ReadTimestamp(args, "client_modified");
        return new CommitInfo(path, mode, rev, autorename, clientModified, strict);
    }

    private static (WriteModeKind, string?) ReadMode(ArgReader args)
    {
        if (args.OptionalUnion("mode") is not { } mode)
        {
            return (WriteModeKind.Add, null);
        }
        var (tag, value) = mode;
        switch (tag)
        {
            case "add":
                return (WriteModeKind.Add, null);
            case "overwrite":
                return (WriteModeKind.Overwrite, null);
            case "update":
                if (value.ValueKind != System.Text.Json.JsonValueKind.Object || !value.TryGetProperty("update", out var r)
                    || r.ValueKind != System.Text.Json.JsonValueKind.String)
                {
                    throw args.Bad("mode: missing required field 'update'");
                }
                string rev = r.GetString()!;
                if (rev.Length < 9 || !RevPattern().IsMatch(rev))
                {
                    throw args.Bad($"mode.update: '{rev}' did not match pattern '[0-9a-f]+' (at least 9 characters)");
                }
                return (WriteModeKind.Update, rev);
            default:
                throw args.Bad($"mode: unknown tag '{tag}'");
        }
    }

    /// <summary>A DropboxTimestamp field (%Y-%m-%dT%H:%M:%SZ) as unix seconds.</summary>
    public static long? ReadTimestamp(ArgReader args, string field)
    {
        string? text = args.OptionalString(field);
        if (text is null)
        {
            return null;
        }
        if (!DateTime.TryParseExact(text, TimestampFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            throw args.Bad($"{field}: time data '{text}' does not match format '%Y-%m-%dT%H:%M:%SZ'");
        }
        return new DateTimeOffset(value, TimeSpan.Zero).ToUnixTimeSeconds();
    }

    /// <summary>The optional content_hash of this request's body: 64 lowercase hex characters.</summary>
    public static string? ReadContentHash(ArgReader args)
    {
        string? hash = args.OptionalString("content_hash");
        if (hash is not null && !HashPattern().IsMatch(hash))
        {
            throw args.Bad($"content_hash: '{hash}' must be 64 lowercase hexadecimal characters");
        }
        return hash;
    }
}
