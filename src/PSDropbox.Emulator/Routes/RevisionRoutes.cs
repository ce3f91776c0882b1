using System.Text.RegularExpressions;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/list_revisions and files/restore (§2.6).</summary>
internal static partial class RevisionRoutes
{
    public const int DefaultLimit = 10;
    private const string RevPattern = "[0-9a-f]+";

    public static void Register(RouteTable t)
    {
        t.Rpc("files/list_revisions", ListRevisionsAsync, PathErrors.Under("path"));
        t.Rpc("files/restore", RestoreAsync, PathErrors.LookupOrWrite("path_lookup", "path_write"));
    }

    [GeneratedRegex(@"\A[0-9a-f]{9,}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rev();

    /// <summary>A rev argument: at least 9 lowercase hex digits, else the 400 a pattern mismatch gets.</summary>
    private static string? OptionalRev(ArgReader args, string field)
    {
        string? rev = args.OptionalString(field);
        if (rev is null)
        {
            return null;
        }
        if (rev.Length < 9)
        {
            throw args.Bad($"{field}: '{rev}' has fewer than 9 character(s)");
        }
        return Rev().IsMatch(rev) ? rev : throw args.Bad($"{field}: '{rev}' did not match pattern '{RevPattern}'");
    }

    private static async Task ListRevisionsAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var spec = args.Path("path", PathRules.WritePathOrId, forWrite: false);
        var mode = args.OptionalUnion("mode")?.Tag ?? "path";
        if (mode is not ("path" or "id"))
        {
            throw args.Bad($"mode: unknown tag '{mode}'");
        }
        int limit = (int)(args.OptionalInteger("limit", 1, 100) ?? DefaultLimit);
        string? beforeRev = OptionalRev(args, "before_rev");
        args.Bool("include_restorable_info", false);
        var list = ctx.Stores.Revisions.List(ctx.User, spec, mode == "id", limit, beforeRev);
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("is_deleted", list.IsDeleted);
            if (list.ServerDeleted is long deletedAt)
            {
                w.WriteString("server_deleted", MetadataJson.Timestamp(deletedAt));
            }
            w.WriteStartArray("entries");
            foreach (var entry in list.Entries)
            {
                MetadataJson.WriteFile(w, ctx.View, entry, withTag: false);
            }
            w.WriteEndArray();
            w.WriteBoolean("has_more", list.HasMore);
            w.WriteEndObject();
        });
    }

    private static async Task RestoreAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var spec = args.Path("path", PathRules.WritePath, forWrite: true);
        string rev = OptionalRev(args, "rev") ?? throw args.Bad("missing required field 'rev'");
        var restored = await ctx.Stores.Revisions.RestoreAsync(ctx.User, spec, rev, ctx.Aborted);
        await ctx.OkAsync(w => MetadataJson.WriteFile(w, ctx.View, restored, withTag: false));
    }
}
