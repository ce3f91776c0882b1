using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;

namespace PSDropbox.Emulator.Routes;

/// <summary>The change feed: files/list_folder/get_latest_cursor and files/list_folder/longpoll (notify host, no auth).</summary>
internal static class ChangesRoutes
{
    public static void Register(RouteTable t)
    {
        t.Rpc("files/list_folder/get_latest_cursor", GetLatestCursorAsync, PathErrors.Under("path"));
        t.Rpc("files/list_folder/longpoll", LongpollAsync, auth: RouteAuth.NoAuth);
    }

    private static async Task GetLatestCursorAsync(ApiContext ctx)
    {
        var list = ListFolderArgs.Read(ctx.Args.RequireObject());
        var cursor = ctx.Stores.Changes.LatestCursor(ctx.User, list.Path, list.Recursive, list.IncludeDeleted, list.Limit, list.Flags);
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteString("cursor", cursor.Encode());
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// Blocks until the cursor's scope has changes or timeout + jitter elapses; {"changes": bool, "backoff"?: n}.
    /// A server shutting down answers "no changes" at once instead of holding the stop for the whole wait.
    /// </summary>
    private static async Task LongpollAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        string cursorText = args.RequireString("cursor");
        long timeout = args.OptionalInteger("timeout", 30, 480) ?? 30;
        var cursor = FolderCursor.TryDecode(cursorText) ?? throw FilesRoutes.InvalidCursor(ctx);
        if (!ctx.Stores.Changes.ValidateCursor(cursor))
        {
            throw FilesRoutes.InvalidCursor(ctx);
        }

        var settings = ctx.Stores.Changes.Settings;
        var stopping = ctx.Http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ctx.Aborted, stopping);
        bool changes;
        try
        {
            changes = await ctx.Stores.Changes.WaitForChangesAsync(cursor, settings.LongpollWait(timeout), wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !ctx.Aborted.IsCancellationRequested)
        {
            changes = false;
        }
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("changes", changes);
            if (settings.LongpollBackoff is long backoff)
            {
                w.WriteNumber("backoff", backoff);
            }
            w.WriteEndObject();
        });
    }
}
