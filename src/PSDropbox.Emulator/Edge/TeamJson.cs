using System.Globalization;
using System.Text.Json;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Edge;

/// <summary>Stone shapes of teams and their members: users.Name, users.FullTeam, team.TeamMemberProfile, the team policies.</summary>
internal static class TeamJson
{
    /// <summary>users.Name.</summary>
    public static void WriteName(Utf8JsonWriter w, Account a)
    {
        w.WriteStartObject();
        w.WriteString("given_name", a.GivenName);
        w.WriteString("surname", a.Surname);
        w.WriteString("familiar_name", a.GivenName);
        w.WriteString("display_name", a.DisplayName);
        w.WriteString("abbreviated_name", $"{a.GivenName[..1]}{a.Surname[..1]}");
        w.WriteEndObject();
    }

    /// <summary>users.FullTeam (in users/get_current_account of a member).</summary>
    public static void WriteFullTeam(Utf8JsonWriter w, Team team)
    {
        w.WriteStartObject();
        w.WriteString("id", team.TeamId);
        w.WriteString("name", team.Name);
        w.WritePropertyName("sharing_policies");
        WriteSharingPolicies(w);
        Tag(w, "office_addin_policy", "disabled");
        Tag(w, "top_level_content_policy", "admin_only");
        w.WriteEndObject();
    }

    /// <summary>team_policies.TeamSharingPolicies: members share with anyone, links are public by default.</summary>
    public static void WriteSharingPolicies(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        Tag(w, "shared_folder_member_policy", "anyone");
        Tag(w, "shared_folder_join_policy", "from_anyone");
        Tag(w, "shared_link_create_policy", "default_public");
        w.WriteEndObject();
    }

    /// <summary>team.TeamMemberInfo's two fields (profile, role), inside an object the caller opened.</summary>
    public static void WriteMemberInfoFields(Utf8JsonWriter w, Account a)
    {
        var m = a.Membership!;
        w.WriteStartObject("profile");
        w.WriteString("team_member_id", m.TeamMemberId);
        w.WriteString("account_id", a.AccountId);
        w.WriteString("email", a.Email);
        w.WriteBoolean("email_verified", true);
        Tag(w, "status", "active");
        w.WritePropertyName("name");
        WriteName(w, a);
        Tag(w, "membership_type", "full");
        w.WriteString("joined_on", MetadataJson.Timestamp(m.Joined));
        w.WriteStartArray("groups");
        w.WriteEndArray();
        w.WriteString("member_folder_id", m.HomeNs.ToString(CultureInfo.InvariantCulture));
        w.WriteEndObject();
        Tag(w, "role", m.IsAdmin ? "team_admin" : "member_only");
    }

    public static void Tag(Utf8JsonWriter w, string property, string tag)
    {
        w.WriteStartObject(property);
        w.WriteString(".tag", tag);
        w.WriteEndObject();
    }
}
