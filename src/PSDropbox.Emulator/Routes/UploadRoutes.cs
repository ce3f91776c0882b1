using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>
/// files/upload (§2.2). A body that cannot be written where the commit says (conflict, malformed path, no permission...)
/// is kept in a new upload session named by the error (UploadWriteFailed: reason + upload_session_id), so the client can
/// finish it elsewhere with upload_session/finish instead of sending it again.
/// </summary>
internal static class UploadRoutes
{
    public static void Register(RouteTable t)
    {
        t.Upload("files/upload", UploadAsync);
    }

    private static async Task UploadAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        CommitInfo? commit = null;
        PathProblemException? refused = null;
        try
        {
            commit = CommitArgs.Read(args);
        }
        catch (PathProblemException p)
        {
            refused = p;
        }
        string? expectedHash = CommitArgs.ReadContentHash(args);
        var (hash, size) = await ctx.Stores.Blobs.PutAsync(RequestBody.Limited(ctx), ctx.Aborted, expectedHash);
        if (expectedHash is not null && expectedHash != hash)
        {
            throw ApiContext.Error("content_hash_mismatch");
        }
        try
        {
            var file = refused is null ? await ctx.Stores.Tree.CommitFileAsync(ctx.User, commit!, hash, size, ctx.Aborted) : throw refused;
            await ctx.OkAsync(w => MetadataJson.WriteFile(w, ctx.View, file, withTag: false));
        }
        catch (PathProblemException p)
        {
            var session = await ctx.Stores.Sessions.CreateHoldingAsync(ctx.User, hash, size, ctx.Aborted);
            throw UploadWriteFailed(p, session.Id);
        }
    }

    /// <summary>UploadError.path: the UploadWriteFailed struct inlined, {".tag":"path","reason":WriteError,"upload_session_id":"..."}.</summary>
    private static RouteErrorException UploadWriteFailed(PathProblemException p, string sessionId) =>
        new(new ErrorValue("path", inline: w =>
        {
            w.WritePropertyName("reason");
            ErrorValue.Chain(p.Tags).Write(w);
            w.WriteString("upload_session_id", sessionId);
        }, inlineSummary: string.Join('/', p.Tags)));
}
