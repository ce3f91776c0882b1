using System.Text.Json;

namespace PSDropbox.Emulator.Edge;

/// <summary>The metadata options get_metadata and list_folder share: include_has_explicit_shared_members and include_property_groups.</summary>
internal static class MetadataOptionArgs
{
    /// <summary>
    /// include_property_groups is a TemplateFilterBase: {".tag":"filter_some","filter_some":["ptid:..."]} (one id at least,
    /// each "/..." or "ptid:..."); anything else is a 400.
    /// </summary>
    public static (bool PropertyGroups, bool ExplicitSharedMembers) Read(ArgReader args)
    {
        bool members = args.Bool("include_has_explicit_shared_members", false);
        if (args.OptionalUnion("include_property_groups") is not { } filter)
        {
            return (false, members);
        }
        if (filter.Tag != "filter_some")
        {
            throw args.Bad($"include_property_groups: unknown tag '{filter.Tag}'");
        }
        if (filter.Value.ValueKind != JsonValueKind.Object || !filter.Value.TryGetProperty("filter_some", out var ids)
            || ids.ValueKind != JsonValueKind.Array || ids.GetArrayLength() == 0)
        {
            throw args.Bad("include_property_groups: filter_some must be a list of at least 1 template id");
        }
        foreach (var id in ids.EnumerateArray())
        {
            if (id.ValueKind != JsonValueKind.String || id.GetString() is not { } text || !(text.StartsWith('/') || text.StartsWith("ptid:", StringComparison.Ordinal)))
            {
                throw args.Bad($"include_property_groups.filter_some: {id.GetRawText()} did not match pattern '(/|ptid:).*'");
            }
        }
        return (true, members);
    }
}
