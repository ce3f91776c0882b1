using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/get_temporary_link; the link itself is served by <see cref="LinkServing"/>.</summary>
internal static class TemporaryLinkRoutes
{
    public static void Register(RouteTable t) => t.Rpc("files/get_temporary_link", GetTemporaryLinkAsync, PathErrors.Under("path"));

    private static async Task GetTemporaryLinkAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var spec = args.Path("path", PathRules.ReadPath, forWrite: false);
        var (file, link) = await ctx.Stores.Links.CreateTemporaryLinkAsync(ctx.User, spec, ctx.Aborted);
        string url = LinkServing.BaseOf(ctx.Http) + "tl/" + link.Token + "/" + Uri.EscapeDataString(link.Name);
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("metadata");
            MetadataJson.WriteFile(w, ctx.View, file, withTag: false);
            w.WriteString("link", url);
            w.WriteEndObject();
        });
    }
}
