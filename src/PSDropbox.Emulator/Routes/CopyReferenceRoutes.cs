using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/copy_reference/get and files/copy_reference/save (a reference made by one account can be saved by another).</summary>
internal static class CopyReferenceRoutes
{
    /// <summary>References never expire in practice; Dropbox still sends a timestamp far in the future.</summary>
    private const string NeverExpires = "3000-01-01T00:00:00Z";

    public static void Register(RouteTable t)
    {
        t.Rpc("files/copy_reference/get", GetAsync);
        t.Rpc("files/copy_reference/save", SaveAsync);
    }

    private static async Task GetAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        Item item;
        string reference;
        try
        {
            var spec = PathRules.Parse(args, "path", PathRules.ReadPath, forWrite: false);
            (item, reference) = await ctx.Store.CreateCopyReferenceAsync(ctx.User, spec, ctx.Aborted);
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, "path");
        }
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("metadata");
            MetadataJson.Write(w, item, withTag: true);
            w.WriteString("copy_reference", reference);
            w.WriteString("expires", NeverExpires);
            w.WriteEndObject();
        });
    }

    private static async Task SaveAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        string reference = args.RequireString("copy_reference");
        Item saved;
        try
        {
            var dest = PathRules.Parse(args, "path", PathRules.PlainPath, forWrite: true);
            saved = await ctx.Store.SaveCopyReferenceAsync(ctx.User, reference, dest, ctx.Aborted);
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, "path");
        }
        catch (CopyReferenceException e)
        {
            throw ApiContext.Error(e.Tag);
        }
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("metadata");
            MetadataJson.Write(w, saved, withTag: true);
            w.WriteEndObject();
        });
    }
}
