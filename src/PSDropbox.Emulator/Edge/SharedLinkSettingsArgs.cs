using System.Globalization;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Edge;

/// <summary>
/// The SharedLinkSettings struct as sent: every field optional. <see cref="ForNewLink"/> fills the defaults for
/// create_shared_link_with_settings; <see cref="ApplyTo"/> changes only what was sent (modify_shared_link_settings).
/// Contradictions answer settings_error/invalid_settings.
/// </summary>
internal sealed record SharedLinkSettingsArgs(
    bool? RequirePassword, string? Password, long? Expires, string? Audience, string? Access, string? Visibility, bool? AllowDownload)
{
    public static readonly SharedLinkSettingsArgs None = new(null, null, null, null, null, null, null);

    public bool IsEmpty => this == None;

    /// <summary>Reads the struct in <paramref name="field"/> (absent: <see cref="None"/>). Unknown tags and bad timestamps are 400s.</summary>
    public static SharedLinkSettingsArgs Read(ArgReader args, string field, long now)
    {
        if (!args.TryGet(field, out var element))
        {
            return None;
        }
        var s = new ArgReader(element, args.Route, args.Source + ": " + field).RequireObject();
        bool? requirePassword = s.TryGet("require_password", out _) ? s.Bool("require_password", false) : null;
        string? password = s.OptionalString("link_password");
        string? visibility = Tag(s, "requested_visibility", "public", "team_only", "password");
        string? audience = Tag(s, "audience", "public", "team", "no_one", "password", "members");
        string? access = Tag(s, "access", "viewer", "editor", "max", "default");
        bool? allowDownload = s.TryGet("allow_download", out _) ? s.Bool("allow_download", true) : null;
        long? expires = null;
        if (s.OptionalString("expires") is { } text)
        {
            if (!DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
            {
                throw s.Bad($"expires: '{text}' is not a timestamp like 2026-01-31T12:00:00Z");
            }
            expires = new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeSeconds();
            if (expires <= now)
            {
                throw InvalidSettings();
            }
        }
        if (requirePassword == false && password is not null)
        {
            throw InvalidSettings();
        }
        return new SharedLinkSettingsArgs(requirePassword, string.IsNullOrEmpty(password) ? null : password, expires, audience, access, visibility, allowDownload);
    }

    /// <summary>The settings of a new link: public, viewer, downloadable, no password and no expiry unless asked.</summary>
    public SharedLinkSettings ForNewLink()
    {
        if (WantsPassword && Password is null)
        {
            throw InvalidSettings();
        }
        return new SharedLinkSettings(Password, Expires, EffectiveAudience ?? "public", Access ?? "viewer", AllowDownload ?? true);
    }

    /// <summary>
    /// The link with what was sent changed. The access level of an existing link cannot change (spec: "modifying access
    /// level for an existing link is not supported"); settings with nothing in them (and no expiry removal) are invalid.
    /// </summary>
    public SharedLink ApplyTo(SharedLink link, bool removeExpiration)
    {
        if (IsEmpty && !removeExpiration || Access is not null && Access != link.Access)
        {
            throw InvalidSettings();
        }
        string? password = RequirePassword == false || Visibility == "public" ? null : Password ?? link.Password;
        if (WantsPassword && password is null)
        {
            throw InvalidSettings();
        }
        return link with
        {
            Password = password,
            Expires = removeExpiration ? null : Expires ?? link.Expires,
            Audience = EffectiveAudience ?? link.Audience,
            AllowDownload = AllowDownload ?? link.AllowDownload,
        };
    }

    private bool WantsPassword => RequirePassword == true || Visibility == "password" || Audience == "password";

    /// <summary>The audience to store: the deprecated password/members audiences and team_only visibility mapped onto public/team.</summary>
    private string? EffectiveAudience => Audience switch
    {
        "password" or "members" => "public",
        null => Visibility switch { "team_only" => "team", null => null, _ => "public" },
        _ => Audience,
    };

    private static string? Tag(ArgReader s, string name, params string[] known)
    {
        string? tag = s.OptionalUnion(name)?.Tag;
        return tag is null || known.Contains(tag, StringComparer.Ordinal) ? tag : throw s.Bad($"{name}: unknown tag '{tag}'");
    }

    private static RouteErrorException InvalidSettings() =>
        new(ErrorValue.Chain("settings_error", "invalid_settings"), "The shared link settings are not valid.");
}
