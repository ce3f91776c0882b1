using System.Globalization;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Routes;

/// <summary>users/* routes.</summary>
internal static class UsersRoutes
{
    public static void Register(RouteTable t)
    {
        t.Rpc("users/get_current_account", GetCurrentAccountAsync, voidArg: true);
        t.Rpc("users/get_space_usage", GetSpaceUsageAsync, voidArg: true);
    }

    private static Task GetCurrentAccountAsync(ApiContext ctx)
    {
        var a = ctx.User;
        string ns = a.NamespaceId.ToString(CultureInfo.InvariantCulture);
        return ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteString("account_id", a.AccountId);
            w.WriteStartObject("name");
            w.WriteString("given_name", a.GivenName);
            w.WriteString("surname", a.Surname);
            w.WriteString("familiar_name", a.GivenName);
            w.WriteString("display_name", a.DisplayName);
            w.WriteString("abbreviated_name", $"{a.GivenName[..1]}{a.Surname[..1]}");
            w.WriteEndObject();
            w.WriteString("email", a.Email);
            w.WriteBoolean("email_verified", true);
            w.WriteBoolean("disabled", false);
            w.WriteString("country", a.Country);
            w.WriteString("locale", a.Locale);
            w.WriteString("referral_link", "https://www.dropbox.com/referrals/" + a.AccountId[5..17] + "?src=emulator");
            w.WriteBoolean("is_paired", false);
            w.WriteStartObject("account_type");
            w.WriteString(".tag", a.AccountType);
            w.WriteEndObject();
            w.WriteStartObject("root_info");
            w.WriteString(".tag", "user");
            w.WriteString("root_namespace_id", ns);
            w.WriteString("home_namespace_id", ns);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static Task GetSpaceUsageAsync(ApiContext ctx)
    {
        long used = ctx.Store.UsedSpace(ctx.User);
        return ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("used", used);
            w.WriteStartObject("allocation");
            w.WriteString(".tag", "individual");
            w.WriteNumber("allocated", EmulatorStore.AllocatedBytes);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }
}
