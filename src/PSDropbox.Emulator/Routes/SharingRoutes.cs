using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>
/// The link owner's routes: sharing/create_shared_link_with_settings, list_shared_links, modify_shared_link_settings,
/// revoke_shared_link. What anyone holding a link can do is in <see cref="SharedLinkAccessRoutes"/>; <see cref="LinkServing"/> serves the URLs.
/// </summary>
internal static class SharingRoutes
{
    private const int ListPageSize = 200;

    public static void Register(RouteTable t)
    {
        t.Rpc("sharing/create_shared_link_with_settings", CreateAsync, PathErrors.Under("path"));
        t.Rpc("sharing/list_shared_links", ListAsync, PathErrors.Under("path"));
        t.Rpc("sharing/modify_shared_link_settings", ModifyAsync);
        t.Rpc("sharing/revoke_shared_link", RevokeAsync);
    }

    private static async Task CreateAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var settings = SharedLinkSettingsArgs.Read(args, "settings", ctx.Stores.Clock.Now()).ForNewLink();
        var spec = args.Path("path", PathRules.ReadPath, forWrite: false);
        var created = await ctx.Stores.SharedLinks.CreateAsync(ctx.User, spec, settings, ctx.Aborted);
        string baseUrl = LinkServing.BaseOf(ctx.Http);
        if (created.Existing)
        {
            var (item, link, _) = created;
            throw new RouteErrorException(new ErrorValue("shared_link_already_exists",
                new ErrorValue("metadata", inline: w =>
                {
                    w.WritePropertyName("metadata");
                    SharedLinkJson.Write(w, ctx.View, LinkServing.SharedUrl(baseUrl, item, link), item, link, isOwner: true);
                })), "A shared link to this item already exists.");
        }
        await ctx.OkAsync(w => SharedLinkJson.Write(w, ctx.View, LinkServing.SharedUrl(baseUrl, created.Item, created.Link), created.Item, created.Link, isOwner: true));
    }

    private static async Task ListAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        string? cursorText = args.OptionalString("cursor");
        bool directOnly = args.Bool("direct_only", false);
        PathSpec? spec = null;
        string after = "";
        if (args.TryGet("path", out _))
        {
            spec = args.Path("path", PathRules.ReadPath, forWrite: false);
        }
        else if (cursorText is not null)
        {
            after = DecodeCursor(cursorText, ctx.User.AccountId) ?? throw ApiContext.Error("reset");
        }
        var (links, hasMore) = ctx.Stores.SharedLinks.List(ctx.User, spec, directOnly, after, ListPageSize);
        string baseUrl = LinkServing.BaseOf(ctx.Http);
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("links");
            foreach (var (item, link) in links)
            {
                SharedLinkJson.Write(w, ctx.View, LinkServing.SharedUrl(baseUrl, item, link), item, link, isOwner: true);
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

    /// <summary>Changes what the settings name (and removes the expiry with remove_expiration); only the link's owner may.</summary>
    private static async Task ModifyAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        string url = args.RequireString("url");
        if (!args.TryGet("settings", out _))
        {
            throw args.Bad("missing required field 'settings'");
        }
        var settings = SharedLinkSettingsArgs.Read(args, "settings", ctx.Stores.Clock.Now());
        bool removeExpiration = args.Bool("remove_expiration", false);
        var (link, item) = FindLink(ctx, url);
        if (link.AccountId != ctx.User.AccountId)
        {
            throw ApiContext.Error("shared_link_access_denied");
        }
        var changed = settings.ApplyTo(link, removeExpiration);
        await ctx.Stores.SharedLinks.UpdateAsync(changed, ctx.Aborted);
        await ctx.OkAsync(w => SharedLinkJson.Write(w, ctx.View, LinkServing.SharedUrl(LinkServing.BaseOf(ctx.Http), item, changed), item, changed, isOwner: true));
    }

    /// <summary>The live link a URL names and the item it points at; else 409 shared_link_not_found (SharedLinkError).</summary>
    internal static (SharedLink Link, Item Item) FindLink(ApiContext ctx, string url)
    {
        var parsed = LinkServing.ParseSharedUrl(url);
        var link = parsed is null ? null : ctx.Stores.SharedLinks.Get(parsed.Value.Id);
        var item = link is null || link.Revoked || link.RlKey != parsed!.Value.RlKey ? null : ctx.Stores.Tree.GetLiveItemById(link.Ns, link.ItemId);
        return item is null ? throw ApiContext.Error("shared_link_not_found") : (link!, item);
    }

    private static async Task RevokeAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        string url = args.RequireString("url");
        var parsed = LinkServing.ParseSharedUrl(url) ?? throw ApiContext.Error("shared_link_malformed");
        var link = ctx.Stores.SharedLinks.Get(parsed.Id);
        if (link is null || link.Revoked || link.RlKey != parsed.RlKey)
        {
            throw ApiContext.Error("shared_link_not_found");
        }
        if (!await ctx.Stores.SharedLinks.RevokeAsync(ctx.User, link.Id, ctx.Aborted))
        {
            throw ApiContext.Error("shared_link_access_denied");
        }
        await ctx.OkNullAsync();
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
