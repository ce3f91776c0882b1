using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Routes;

/// <summary>files/upload (§2.2).</summary>
internal static class UploadRoutes
{
    public static void Register(RouteTable t)
    {
        t.Upload("files/upload", UploadAsync);
    }

    private static async Task UploadAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        CommitInfo commit;
        try
        {
            commit = CommitArgs.Read(args);
        }
        catch (PathProblemException p)
        {
            throw UploadWriteFailed(p);
        }
        string? expectedHash = CommitArgs.ReadContentHash(args);
        var (hash, size) = await ctx.Store.Blobs.PutAsync(RequestBody.Limited(ctx), ctx.Aborted, expectedHash);
        if (expectedHash is not null && expectedHash != hash)
        {
            throw ApiContext.Error("content_hash_mismatch");
        }
        Item file;
        try
        {
            file = await ctx.Store.CommitFileAsync(ctx.User, commit, hash, size, ctx.Aborted);
        }
        catch (PathProblemException p)
        {
            throw UploadWriteFailed(p);
        }
        await ctx.OkAsync(w => MetadataJson.WriteFile(w, file, withTag: false));
    }

    /// <summary>UploadError.path: the UploadWriteFailed struct inlined, {".tag":"path","reason":WriteError,...}.</summary>
    private static RouteErrorException UploadWriteFailed(PathProblemException p) =>
        new(new ErrorValue("path", inline: w =>
        {
            w.WritePropertyName("reason");
            ErrorValue.Chain(p.Tags).Write(w);
        }, inlineSummary: string.Join('/', p.Tags)));
}
