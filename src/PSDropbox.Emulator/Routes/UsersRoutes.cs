using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Routes;

/// <summary>users/* routes, and check/user (the echo that proves a token works).</summary>
internal static class UsersRoutes
{
    public static void Register(RouteTable t)
    {
        t.Rpc("users/get_current_account", GetCurrentAccountAsync, voidArg: true);
        t.Rpc("users/get_space_usage", GetSpaceUsageAsync, voidArg: true);
        t.Rpc("users/get_account", GetAccountAsync);
        t.Rpc("users/get_account_batch", GetAccountBatchAsync);
        t.Rpc("check/user", CheckUserAsync);
    }

    private static Task GetCurrentAccountAsync(ApiContext ctx)
    {
        var a = ctx.User;
        return ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            WriteAccountFields(w, a);
            w.WriteString("country", a.Country);
            w.WriteString("locale", a.Locale);
            w.WriteString("referral_link", "https://www.dropbox.com/referrals/" + a.AccountId[5..17] + "?src=emulator");
            if (a.Membership is { } m)
            {
                w.WritePropertyName("team");
                TeamJson.WriteFullTeam(w, m.Team);
                w.WriteString("team_member_id", m.TeamMemberId);
            }
            w.WriteBoolean("is_paired", false);
            w.WriteStartObject("account_type");
            w.WriteString(".tag", a.AccountType);
            w.WriteEndObject();
            w.WritePropertyName("root_info");
            RootInfoJson.Write(w, a);
            w.WriteEndObject();
        });
    }

    /// <summary>BasicAccount of any account of this emulator; 409 no_account for an unknown id.</summary>
    private static Task GetAccountAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var account = ctx.Stores.Accounts.Get(ReadAccountId(args, args.RequireString("account_id"))) ?? throw ApiContext.Error("no_account");
        return ctx.OkAsync(w => WriteBasicAccount(w, account, ctx.User));
    }

    /// <summary>A list of BasicAccount in the order asked; the first unknown id is 409 no_account carrying that id.</summary>
    private static Task GetAccountBatchAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        if (!args.TryGet("account_ids", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw args.Bad("missing required field 'account_ids'");
        }
        if (list.GetArrayLength() == 0)
        {
            throw args.Bad("account_ids: list should have at least 1 items");
        }
        var accounts = new List<Account>();
        foreach (var e in list.EnumerateArray())
        {
            string id = ReadAccountId(args, e.ValueKind == JsonValueKind.String ? e.GetString()! : throw args.Bad($"account_ids: expected string, got {ArgReader.KindName(e)}"));
            accounts.Add(ctx.Stores.Accounts.Get(id)
                ?? throw new RouteErrorException(new ErrorValue("no_account", inline: w => w.WriteString("no_account", id))));
        }
        return ctx.OkAsync(w =>
        {
            w.WriteStartArray();
            accounts.ForEach(a => WriteBasicAccount(w, a, ctx.User));
            w.WriteEndArray();
        });
    }

    /// <summary>EchoArg → EchoResult: {"result": query}.</summary>
    private static Task CheckUserAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        string query = args.OptionalString("query") ?? "";
        if (query.Length > 500)
        {
            throw args.Bad($"query: '{query[..20]}...' length is greater than 500");
        }
        return ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteString("result", query);
            w.WriteEndObject();
        });
    }

    /// <summary>users_common.AccountId: exactly 40 characters, else the 400 a length mismatch gets.</summary>
    private static string ReadAccountId(ArgReader args, string id) =>
        id.Length == 40 ? id : throw args.Bad($"account_id: '{id}' length is {(id.Length < 40 ? "less" : "greater")} than 40");

    private static void WriteBasicAccount(Utf8JsonWriter w, Account a, Account caller)
    {
        w.WriteStartObject();
        WriteAccountFields(w, a);
        bool teammate = a.AccountId == caller.AccountId || a.Membership is { } m && m.Team.TeamId == caller.Membership?.Team.TeamId;
        w.WriteBoolean("is_teammate", teammate);
        if (teammate && a.Membership is { } member)
        {
            w.WriteString("team_member_id", member.TeamMemberId);
        }
        w.WriteEndObject();
    }

    /// <summary>The Account struct's fields: account_id, name, email, email_verified, disabled.</summary>
    private static void WriteAccountFields(Utf8JsonWriter w, Account a)
    {
        w.WriteString("account_id", a.AccountId);
        w.WritePropertyName("name");
        TeamJson.WriteName(w, a);
        w.WriteString("email", a.Email);
        w.WriteBoolean("email_verified", true);
        w.WriteBoolean("disabled", false);
    }

    private static Task GetSpaceUsageAsync(ApiContext ctx)
    {
        long used = ctx.Stores.Tree.UsedSpace(ctx.User);
        long teamUsed = ctx.Stores.Tree.UsedSpace(ctx.User, wholeNamespace: true);
        bool team = ctx.User.Membership is not null;
        return ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("used", used);
            w.WriteStartObject("allocation");
            w.WriteString(".tag", team ? "team" : "individual");
            if (team)
            {
                // A team shares one allocation; the emulator sets no per-member limit.
                w.WriteNumber("used", teamUsed);
            }
            w.WriteNumber("allocated", TreeStore.AllocatedBytes);
            if (team)
            {
                w.WriteNumber("user_within_team_space_allocated", 0);
                w.WriteStartObject("user_within_team_space_limit_type");
                w.WriteString(".tag", "off");
                w.WriteEndObject();
                w.WriteNumber("user_within_team_space_used_cached", used);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }
}
