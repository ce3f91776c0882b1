using System.Globalization;
using System.Text.Json;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Routes;

/// <summary>sharing/create_shared_link_with_settings, list_shared_links, revoke_shared_link. Links are served by <see cref="LinkServing"/>.</summary>
internal static class SharingRoutes
{
    private const int ListPageSize = 200;

    public static void Register(RouteTable t)
    {
        t.Rpc("sharing/create_shared_link_with_settings", CreateAsync);
        t.Rpc("sharing/list_shared_links", ListAsync);
        t.Rpc("sharing/revoke_shared_link", RevokeAsync);
    }

    private static async Task CreateAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var settings = ReadSettings(ctx, args);
        (Item Item, SharedLink Link, bool Existing) created;
        try
        {
            var spec = PathRules.Parse(args, "path", PathRules.ReadPath, forWrite: false);
            created = await ctx.Store.CreateSharedLinkAsync(ctx.User, spec, settings, ctx.Aborted);
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, "path");
        }
        string baseUrl = LinkServing.BaseOf(ctx.Http);
        if (created.Existing)
        {
            var (item, link, _) = created;
            throw new RouteErrorException(new ErrorValue("shared_link_already_exists",
                new ErrorValue("metadata", inline: w =>
                {
                    w.WritePropertyName("metadata");
                    WriteLink(w, baseUrl, item, link);
                })), "A shared link to this item already exists.");
        }
        await ctx.OkAsync(w => WriteLink(w, baseUrl, created.Item, created.Link));
    }

    private static SharedLinkSettings ReadSettings(ApiContext ctx, ArgReader args)
    {
        var defaults = new SharedLinkSettings(null, null, "public", "viewer", true);
        if (!args.TryGet("settings", out var element))
        {
            return defaults;
        }
        var s = new ArgReader(element, args.Route, args.Source + ": settings").RequireObject();
        bool? requirePassword = s.TryGet("require_password", out _) ? s.Bool("require_password", false) : null;
        string? password = s.OptionalString("link_password");
        string? visibility = s.OptionalUnion("requested_visibility")?.Tag;
        if (visibility is not (null or "public" or "team_only" or "password"))
        {
            throw s.Bad($"requested_visibility: unknown tag '{visibility}'");
        }
        string audience = s.OptionalUnion("audience")?.Tag ?? (visibility == "team_only" ? "team" : "public");
        if (audience is not ("public" or "team" or "no_one" or "password" or "members"))
        {
            throw s.Bad($"audience: unknown tag '{audience}'");
        }
        string access = s.OptionalUnion("access")?.Tag ?? "viewer";
        if (access is not ("viewer" or "editor" or "max" or "default"))
        {
            throw s.Bad($"access: unknown tag '{access}'");
        }
        long? expires = null;
        if (s.OptionalString("expires") is { } text)
        {
            if (!DateTime.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at))
            {
                throw s.Bad($"expires: '{text}' is not a timestamp like 2026-01-31T12:00:00Z");
            }
            expires = new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeSeconds();
            if (expires <= ctx.Store.Clock.Now())
            {
                throw InvalidSettings();
            }
        }
        bool wantsPassword = requirePassword == true || visibility == "password" || audience == "password";
        if (wantsPassword && string.IsNullOrEmpty(password) || requirePassword == false && password is not null)
        {
            throw InvalidSettings();
        }
        return new SharedLinkSettings(string.IsNullOrEmpty(password) ? null : password, expires,
            audience is "password" or "members" ? "public" : audience, access, s.Bool("allow_download", true));
    }

    private static RouteErrorException InvalidSettings() =>
        new(ErrorValue.Chain("settings_error", "invalid_settings"), "The shared link settings are not valid.");

    private static async Task ListAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        string? cursorText = args.OptionalString("cursor");
        bool directOnly = args.Bool("direct_only", false);
        PathSpec? spec = null;
        string after = "";
        if (args.TryGet("path", out _))
        {
            try
            {
                spec = PathRules.Parse(args, "path", PathRules.ReadPath, forWrite: false);
            }
            catch (PathProblemException p)
            {
                throw ApiContext.Wrap(p, "path");
            }
        }
        else if (cursorText is not null)
        {
            after = DecodeCursor(cursorText, ctx.User.AccountId) ?? throw ApiContext.Error("reset");
        }
        List<(Item Item, SharedLink Link)> links;
        bool hasMore;
        try
        {
            (links, hasMore) = ctx.Store.ListSharedLinks(ctx.User, spec, directOnly, after, ListPageSize);
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, "path");
        }
        string baseUrl = LinkServing.BaseOf(ctx.Http);
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("links");
            foreach (var (item, link) in links)
            {
                WriteLink(w, baseUrl, item, link);
            }
            w.WriteEndArray();
            w.WriteBoolean("has_more", hasMore);
            if (spec is null)
            {
                w.WriteString("cursor", EncodeCursor(ctx.User.AccountId, links.Count > 0 ? links[^1].Link.Id : after));
            }
            w.WriteEndObject();
        });
    }

    private static async Task RevokeAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        string url = args.RequireString("url");
        var parsed = LinkServing.ParseSharedUrl(url) ?? throw ApiContext.Error("shared_link_malformed");
        var link = ctx.Store.GetSharedLink(parsed.Id);
        if (link is null || link.Revoked || link.RlKey != parsed.RlKey)
        {
            throw ApiContext.Error("shared_link_not_found");
        }
        if (!await ctx.Store.RevokeSharedLinkAsync(ctx.User, link.Id, ctx.Aborted))
        {
            throw ApiContext.Error("shared_link_access_denied");
        }
        await ctx.OkNullAsync();
    }

    /// <summary>SharedLinkMetadata with .tag file/folder (the routes declare the base type).</summary>
    public static void WriteLink(Utf8JsonWriter w, string baseUrl, Item item, SharedLink link)
    {
        w.WriteStartObject();
        w.WriteString(".tag", item.IsFolder ? "folder" : "file");
        w.WriteString("url", LinkServing.SharedUrl(baseUrl, item, link));
        w.WriteString("id", item.Id);
        w.WriteString("name", item.Name);
        if (link.Expires is long expires)
        {
            w.WriteString("expires", MetadataJson.Timestamp(expires));
        }
        w.WriteString("path_lower", item.PathLower);
        w.WriteStartObject("link_permissions");
        w.WriteBoolean("can_revoke", true);
        WriteTag(w, "resolved_visibility", link.Password is not null ? "password" : link.Audience == "public" ? "public" : "team_only");
        w.WriteStartArray("visibility_policies");
        w.WriteEndArray();
        w.WriteBoolean("can_set_expiry", true);
        w.WriteBoolean("can_remove_expiry", true);
        w.WriteBoolean("allow_download", link.AllowDownload);
        w.WriteBoolean("can_allow_download", true);
        w.WriteBoolean("can_disallow_download", true);
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

    private static string EncodeCursor(string accountId, string afterId) =>
        "L1" + System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(accountId + "\n" + afterId));

    private static string? DecodeCursor(string cursor, string accountId)
    {
        try
        {
            if (!cursor.StartsWith("L1", StringComparison.Ordinal))
            {
                return null;
            }
            string[] parts = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(cursor.AsSpan(2))).Split('\n');
            return parts.Length == 2 && parts[0] == accountId ? parts[1] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
