using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/copy_reference/get and files/copy_reference/save (a reference made by one account can be saved by another).</summary>
internal static class CopyReferenceRoutes
{
    /// <summary>References never expire in practice; Dropbox still sends a timestamp far in the future.</summary>
    private const string NeverExpires = "3000-01-01T00:00:00Z";

    public static void Register(RouteTable t)
    {
        t.Rpc("files/copy_reference/get", GetAsync, PathErrors.Under("path"));
        t.Rpc("files/copy_reference/save", SaveAsync, PathErrors.Under("path"));
    }

    private static async Task GetAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var spec = args.Path("path", PathRules.ReadPath, forWrite: false);
        var (item, reference) = await ctx.Stores.Links.CreateCopyReferenceAsync(ctx.User, spec, ctx.Aborted);
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("metadata");
            MetadataJson.Write(w, ctx.View, item, withTag: true);
            w.WriteString("copy_reference", reference);
            w.WriteString("expires", NeverExpires);
            w.WriteEndObject();
        });
    }

    private static async Task SaveAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        string reference = args.RequireString("copy_reference");
        var dest = args.Path("path", PathRules.PlainPath, forWrite: true);
        var saved = await ctx.Stores.Links.SaveCopyReferenceAsync(ctx.User, reference, dest, ctx.Aborted);
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("metadata");
            MetadataJson.Write(w, ctx.View, saved, withTag: true);
            w.WriteEndObject();
        });
    }
}
