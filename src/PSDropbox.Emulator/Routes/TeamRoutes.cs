using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>
/// team/* routes of a team token (--team-token), read-only: the team, its members (listed in pages, or looked up by
/// team member id, external id or email), its team folders and its namespaces.
/// </summary>
internal static class TeamRoutes
{
    public static void Register(RouteTable t)
    {
        t.Rpc("team/get_info", GetInfoAsync, auth: RouteAuth.Team, voidArg: true);
        t.Rpc("team/members/list", ctx => ListFirstAsync(ctx, "members"), auth: RouteAuth.Team);
        t.Rpc("team/members/list/continue", ctx => ListContinueAsync(ctx, "members"), auth: RouteAuth.Team);
        t.Rpc("team/members/get_info", ctx => GetMembersInfoAsync(ctx, v2: false), auth: RouteAuth.Team);
        t.Rpc("team/members/get_info_v2", ctx => GetMembersInfoAsync(ctx, v2: true), auth: RouteAuth.Team);
        t.Rpc("team/team_folder/list", ctx => ListFirstAsync(ctx, "team_folders"), auth: RouteAuth.Team);
        t.Rpc("team/team_folder/list/continue", ctx => ListContinueAsync(ctx, "team_folders"), auth: RouteAuth.Team);
        t.Rpc("team/namespaces/list", ctx => ListFirstAsync(ctx, "namespaces"), auth: RouteAuth.Team);
        t.Rpc("team/namespaces/list/continue", ctx => ListContinueAsync(ctx, "namespaces"), auth: RouteAuth.Team);
    }

    private static Team TeamOf(ApiContext ctx) => ctx.Team ?? throw new InvalidOperationException("team route without a team");

    private static Task GetInfoAsync(ApiContext ctx)
    {
        var team = TeamOf(ctx);
        int members = ctx.Stores.Teams.Members(team).Count;
        return ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteString("name", team.Name);
            w.WriteString("team_id", team.TeamId);
            w.WriteNumber("num_licensed_users", Math.Max(members, 5));
            w.WriteNumber("num_provisioned_users", members);
            w.WriteNumber("num_used_licenses", members);
            w.WriteStartObject("policies");
            w.WritePropertyName("sharing");
            TeamJson.WriteSharingPolicies(w);
            TeamJson.Tag(w, "emm_state", "disabled");
            TeamJson.Tag(w, "office_addin", "disabled");
            TeamJson.Tag(w, "suggest_members_policy", "enabled");
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>members/list, team_folder/list and namespaces/list: the first page (limit 1-1000, default 1000).</summary>
    private static Task ListFirstAsync(ApiContext ctx, string kind)
    {
        var args = ctx.Args.RequireObject();
        int limit = (int)(args.OptionalInteger("limit", 1, 1000) ?? 1000);
        if (kind == "members")
        {
            _ = args.Bool("include_removed", false); // checked only: nobody is ever removed from an emulated team
        }
        return WritePageAsync(ctx, kind, new ListCursor(TeamOf(ctx).TeamId, kind, 0, limit));
    }

    private static Task ListContinueAsync(ApiContext ctx, string kind)
    {
        var args = ctx.Args.RequireObject();
        var cursor = ListCursor.TryDecode(args.RequireString("cursor"));
        if (cursor is null || cursor.TeamId != TeamOf(ctx).TeamId || cursor.Kind != kind)
        {
            throw ApiContext.Error("invalid_cursor");
        }
        return WritePageAsync(ctx, kind, cursor);
    }

    private static Task WritePageAsync(ApiContext ctx, string kind, ListCursor cursor)
    {
        var team = TeamOf(ctx);
        List<Action<Utf8JsonWriter>> all = kind switch
        {
            "members" => ctx.Stores.Teams.Members(team).Select(a => (Action<Utf8JsonWriter>)(w =>
            {
                w.WriteStartObject();
                TeamJson.WriteMemberInfoFields(w, a);
                w.WriteEndObject();
            })).ToList(),
            "team_folders" => ctx.Stores.Teams.Folders(team).Select(f => (Action<Utf8JsonWriter>)(w => WriteTeamFolder(w, f))).ToList(),
            _ => Namespaces(ctx, team),
        };
        var page = all.Skip(cursor.Offset).Take(cursor.Limit).ToList();
        bool hasMore = cursor.Offset + page.Count < all.Count;
        return ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray(kind);
            foreach (var write in page) write(w);
            w.WriteEndArray();
            w.WriteString("cursor", (cursor with { Offset = cursor.Offset + page.Count }).Encode());
            w.WriteBoolean("has_more", hasMore);
            w.WriteEndObject();
        });
    }

    /// <summary>The team's namespaces: each member's home (team_member_folder) and each team folder.</summary>
    private static List<Action<Utf8JsonWriter>> Namespaces(ApiContext ctx, Team team)
    {
        var list = new List<Action<Utf8JsonWriter>>();
        foreach (var member in ctx.Stores.Teams.Members(team))
        {
            var m = member.Membership!;
            list.Add(w => WriteNamespace(w, m.HomeName, m.HomeNs, "team_member_folder", m.TeamMemberId));
        }
        foreach (var folder in ctx.Stores.Teams.Folders(team))
        {
            list.Add(w => WriteNamespace(w, folder.Name, folder.Ns, "team_folder", null));
        }
        return list;
    }

    private static void WriteNamespace(Utf8JsonWriter w, string name, long ns, string type, string? teamMemberId)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("namespace_id", ns.ToString(CultureInfo.InvariantCulture));
        TeamJson.Tag(w, "namespace_type", type);
        if (teamMemberId is not null)
        {
            w.WriteString("team_member_id", teamMemberId);
        }
        w.WriteEndObject();
    }

    private static void WriteTeamFolder(Utf8JsonWriter w, TeamFolder folder)
    {
        w.WriteStartObject();
        w.WriteString("team_folder_id", folder.TeamFolderId);
        w.WriteString("name", folder.Name);
        TeamJson.Tag(w, "status", "active");
        w.WriteBoolean("is_team_shared_dropbox", false);
        TeamJson.Tag(w, "sync_setting", "default");
        w.WriteStartArray("content_sync_settings");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// members/get_info (a list of MembersGetInfoItem) and get_info_v2 ({members_info: [...]}): each UserSelectorArg
    /// (team_member_id, external_id or email) gives the member's info, or id_not_found with the value asked for.
    /// </summary>
    private static Task GetMembersInfoAsync(ApiContext ctx, bool v2)
    {
        var args = ctx.Args.RequireObject();
        if (!args.TryGet("members", out var members) || members.ValueKind != JsonValueKind.Array)
        {
            throw args.Bad("members: missing required field 'members' (a list of UserSelectorArg)");
        }
        var team = TeamOf(ctx);
        var found = new List<(string Asked, Account? Member)>();
        foreach (var selector in members.EnumerateArray())
        {
            var (tag, value) = ReadSelector(args, selector);
            found.Add((value, tag switch
            {
                "team_member_id" => ctx.Stores.Teams.MemberById(team, value),
                "email" => ctx.Stores.Teams.MemberByEmail(team, value),
                _ => null, // the emulator's members have no external ids
            }));
        }
        return ctx.OkAsync(w =>
        {
            if (v2)
            {
                w.WriteStartObject();
                w.WriteStartArray("members_info");
            }
            else
            {
                w.WriteStartArray();
            }
            foreach (var (asked, member) in found)
            {
                w.WriteStartObject();
                if (member is null)
                {
                    w.WriteString(".tag", "id_not_found");
                    w.WriteString("id_not_found", asked);
                }
                else
                {
                    w.WriteString(".tag", "member_info");
                    TeamJson.WriteMemberInfoFields(w, member);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (v2)
            {
                w.WriteEndObject();
            }
        });
    }

    private static (string Tag, string Value) ReadSelector(ArgReader args, JsonElement selector)
    {
        if (selector.ValueKind == JsonValueKind.Object && selector.TryGetProperty(".tag", out var tag) && tag.GetString() is "team_member_id" or "external_id" or "email"
            && selector.TryGetProperty(tag.GetString()!, out var value) && value.ValueKind == JsonValueKind.String)
        {
            return (tag.GetString()!, value.GetString()!);
        }
        throw args.Bad("members: each entry must be a UserSelectorArg such as {\".tag\": \"email\", \"email\": \"...\"}");
    }

    /// <summary>A page position in one of the team's lists: base64url of "team id|kind|offset|limit".</summary>
    private sealed record ListCursor(string TeamId, string Kind, int Offset, int Limit)
    {
        public string Encode() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('|', TeamId, Kind, Offset, Limit)));

        public static ListCursor? TryDecode(string text)
        {
            try
            {
                var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|');
                return parts.Length == 4 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int offset)
                       && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out int limit) && limit is >= 1 and <= 1000
                    ? new ListCursor(parts[0], parts[1], offset, limit)
                    : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
