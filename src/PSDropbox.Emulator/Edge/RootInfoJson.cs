using System.Globalization;
using System.Text.Json;
using PSDropbox.Emulator.Domain;

namespace PSDropbox.Emulator.Edge;

/// <summary>common.RootInfo of an account: TeamRootInfo (a team space above the member's home) or UserRootInfo.</summary>
internal static class RootInfoJson
{
    public static void Write(Utf8JsonWriter w, Account a)
    {
        w.WriteStartObject();
        w.WriteString(".tag", Tag(a));
        WriteFields(w, a);
        w.WriteEndObject();
    }

    /// <summary>The RootInfo as a union value (the invalid_root member of PathRootError).</summary>
    public static ErrorValue Value(Account a) => new(Tag(a), inline: w => WriteFields(w, a));

    private static string Tag(Account a) => a.Membership is null ? "user" : "team";

    private static void WriteFields(Utf8JsonWriter w, Account a)
    {
        w.WriteString("root_namespace_id", a.RootNamespaceId.ToString(CultureInfo.InvariantCulture));
        w.WriteString("home_namespace_id", a.HomeNamespaceId.ToString(CultureInfo.InvariantCulture));
        if (a.Membership is { } m)
        {
            w.WriteString("home_path", m.HomeDisplay);
        }
    }
}
