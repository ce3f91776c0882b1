using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/get_temporary_link; the link itself is served by <see cref="LinkServing"/>.</summary>
internal static class TemporaryLinkRoutes
{
    public static void Register(RouteTable t) => t.Rpc("files/get_temporary_link", GetTemporaryLinkAsync);

    private static async Task GetTemporaryLinkAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        Item file;
        TemporaryLink link;
        try
        {
            var spec = PathRules.Parse(args, "path", PathRules.ReadPath, forWrite: false);
            (file, link) = await ctx.Store.CreateTemporaryLinkAsync(ctx.User, spec, ctx.Aborted);
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, "path");
        }
        string url = LinkServing.BaseOf(ctx.Http) + "tl/" + link.Token + "/" + Uri.EscapeDataString(link.Name);
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("metadata");
            MetadataJson.WriteFile(w, file, withTag: false);
            w.WriteString("link", url);
            w.WriteEndObject();
        });
    }
}
