using System.Text.Json;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Store;

namespace PSDropbox.Emulator.Routes;

/// <summary>upload_session/start, append_v2, finish and finish_batch_v2 (§2.3), sequential and concurrent.</summary>
internal static class UploadSessionRoutes
{
    public static void Register(RouteTable t)
    {
        t.Upload("files/upload_session/start", StartAsync);
        t.Upload("files/upload_session/append_v2", AppendAsync);
        t.Upload("files/upload_session/finish", FinishAsync);
        t.Rpc("files/upload_session/finish_batch_v2", FinishBatchAsync);
    }

    private static async Task StartAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        bool close = args.Bool("close", false);
        string? hash = CommitArgs.ReadContentHash(args);
        bool concurrent = args.OptionalUnion("session_type") is { } type && type.Tag switch
        {
            "sequential" => false,
            "concurrent" => true,
            _ => throw args.Bad($"session_type: unknown tag '{type.Tag}'"),
        };
        var body = RequestBody.Limited(ctx);
        if (concurrent && ctx.Http.Request.ContentLength > 0)
        {
            throw ApiContext.Error("concurrent_session_data_not_allowed");
        }
        if (concurrent && close)
        {
            throw ApiContext.Error("concurrent_session_close_not_allowed");
        }
        var session = ctx.Store.CreateSession(ctx.User, concurrent);
        if (!concurrent)
        {
            try
            {
                long length = await ctx.Store.AppendSequentialAsync(session, body, hash, close, ctx.Aborted);
                ctx.Store.CountSessionBytes(session.Id, length, 0);
            }
            catch (SessionProblemException p)
            {
                ctx.Store.FinishSession(session.Id);
                throw new RouteErrorException(p.Error);
            }
        }
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteString("session_id", session.Id);
            w.WriteEndObject();
        });
    }

    private static async Task AppendAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var (id, offset) = ReadCursor(args);
        bool close = args.Bool("close", false);
        string? hash = CommitArgs.ReadContentHash(args);
        var body = RequestBody.Limited(ctx);
        try
        {
            await ctx.Store.WithSessionAsync(id, () => AppendCoreAsync(ctx, id, offset, body, hash, close), ctx.Aborted);
        }
        catch (SessionProblemException p)
        {
            throw new RouteErrorException(p.Error);
        }
        await ctx.OkNullAsync();
    }

    /// <summary>Checks the cursor against the session and stores the body; returns the session after the append.</summary>
    private static async Task<UploadSession> AppendCoreAsync(ApiContext ctx, string id, long offset, Stream body, string? hash, bool close)
    {
        var s = ctx.Store.GetSession(ctx.User, id) ?? throw SessionProblemException.Of("not_found");
        try
        {
            var after = await StoreBodyAsync(ctx, s, offset, body, hash, close);
            long stored = s.Concurrent ? ctx.Http.Request.ContentLength ?? 0 : after.Offset - s.Offset;
            ctx.Store.CountSessionBytes(id, stored, 0);
            return after;
        }
        catch (Exception e) when (e is SessionProblemException or RouteErrorException)
        {
            ctx.Store.CountSessionBytes(id, 0, ctx.Http.Request.ContentLength ?? 0);
            throw;
        }
    }

    private static async Task<UploadSession> StoreBodyAsync(ApiContext ctx, UploadSession s, long offset, Stream body, string? hash, bool close)
    {
        // A concurrent session's parts may arrive after the closing one (any order), but never beyond its end.
        if (s.Closed && (!s.Concurrent || offset >= s.Offset))
        {
            throw SessionProblemException.Of("closed");
        }
        if (s.Concurrent)
        {
            if (offset % EmulatorStore.ConcurrentBlock != 0)
            {
                throw SessionProblemException.Of("concurrent_session_invalid_offset");
            }
            long end = await ctx.Store.PutConcurrentPartAsync(s, offset, body, hash, close, ctx.Aborted);
            return s with { Offset = end, Closed = close || s.Closed };
        }
        if (offset != s.Offset)
        {
            throw SessionProblemException.IncorrectOffset(s.Offset);
        }
        long next = await ctx.Store.AppendSequentialAsync(s, body, hash, close, ctx.Aborted);
        return s with { Offset = next, Closed = close || s.Closed };
    }

    private static async Task FinishAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var (id, offset) = ReadCursor(args);
        string? hash = CommitArgs.ReadContentHash(args);
        var commit = ReadCommit(args);
        var body = RequestBody.Limited(ctx);
        Item file = await ctx.Store.WithSessionAsync(id, async () =>
        {
            UploadSession s;
            try
            {
                s = ctx.Store.GetSession(ctx.User, id) ?? throw SessionProblemException.Of("not_found");
                if (s.Concurrent)
                {
                    if (ctx.Http.Request.ContentLength > 0)
                    {
                        ctx.Store.CountSessionBytes(id, 0, ctx.Http.Request.ContentLength ?? 0);
                        throw new RouteErrorException(new ErrorValue("concurrent_session_data_not_allowed"));
                    }
                }
                else if (ctx.Http.Request.ContentLength > 0 || offset != s.Offset)
                {
                    s = await AppendCoreAsync(ctx, id, offset, body, hash, close: false);
                }
                if (s.Concurrent && s.Closed && offset != s.Offset)
                {
                    throw SessionProblemException.IncorrectOffset(s.Offset);
                }
            }
            catch (SessionProblemException p) when (p.Error.Tag is "content_hash_mismatch" or "concurrent_session_not_closed" or "concurrent_session_missing_data")
            {
                throw new RouteErrorException(p.Error);
            }
            catch (SessionProblemException p)
            {
                throw new RouteErrorException(new ErrorValue("lookup_failed", p.Error));
            }
            return await CommitSessionAsync(ctx, s, commit);
        }, ctx.Aborted);
        await ctx.OkAsync(w => MetadataJson.WriteFile(w, file, withTag: false));
    }

    /// <summary>Seals the session's bytes and commits them; a path problem keeps the session so the finish can be retried.</summary>
    private static async Task<Item> CommitSessionAsync(ApiContext ctx, UploadSession s, CommitInfo commit)
    {
        (string hash, long size) sealedData;
        try
        {
            sealedData = await ctx.Store.SealSessionAsync(s, ctx.Aborted);
        }
        catch (SessionProblemException p)
        {
            throw new RouteErrorException(p.Error);
        }
        try
        {
            var item = await ctx.Store.CommitFileAsync(ctx.User, commit, sealedData.hash, sealedData.size, ctx.Aborted);
            ctx.Store.FinishSession(s.Id);
            return item;
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, "path");
        }
    }

    private static async Task FinishBatchAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        if (!args.TryGet("entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            throw args.Bad("missing required field 'entries'");
        }
        if (entries.GetArrayLength() > 1000)
        {
            throw args.Bad("entries: must have at most 1000 items");
        }
        var results = new List<(Item? File, ErrorValue? Failure)>();
        foreach (var entry in entries.EnumerateArray())
        {
            var entryArgs = new ArgReader(entry, ctx.Route.Name, ctx.ArgSource + ": entries").RequireObject();
            var (id, offset) = ReadCursor(entryArgs);
            var commit = ReadCommit(entryArgs);
            try
            {
                var file = await ctx.Store.WithSessionAsync(id, async () =>
                {
                    UploadSession s;
                    try
                    {
                        s = ctx.Store.GetSession(ctx.User, id) ?? throw SessionProblemException.Of("not_found");
                        if (!s.Closed)
                        {
                            throw SessionProblemException.Of("not_closed");
                        }
                        if (offset != s.Offset)
                        {
                            throw SessionProblemException.IncorrectOffset(s.Offset);
                        }
                    }
                    catch (SessionProblemException p)
                    {
                        throw new RouteErrorException(new ErrorValue("lookup_failed", p.Error));
                    }
                    return await CommitSessionAsync(ctx, s, commit);
                }, ctx.Aborted);
                results.Add((file, null));
            }
            catch (RouteErrorException e)
            {
                results.Add((null, e.Error));
            }
        }
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("entries");
            foreach (var (file, failure) in results)
            {
                if (file is not null)
                {
                    WriteSuccess(w, file);
                }
                else
                {
                    w.WriteStartObject();
                    w.WriteString(".tag", "failure");
                    w.WritePropertyName("failure");
                    failure!.Write(w);
                    w.WriteEndObject();
                }
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>{".tag":"success", ...FileMetadata fields inlined}.</summary>
    private static void WriteSuccess(Utf8JsonWriter w, Item file)
    {
        var json = JsonDocument.Parse(Http.ToJsonBytes(x => MetadataJson.WriteFile(x, file, withTag: false)));
        w.WriteStartObject();
        w.WriteString(".tag", "success");
        foreach (var p in json.RootElement.EnumerateObject())
        {
            p.WriteTo(w);
        }
        w.WriteEndObject();
    }

    private static (string Id, long Offset) ReadCursor(ArgReader args)
    {
        if (!args.TryGet("cursor", out var cursor) || cursor.ValueKind != JsonValueKind.Object)
        {
            throw args.Bad("missing required field 'cursor'");
        }
        var c = new ArgReader(cursor, args.Route, args.Source + ": cursor");
        return (c.RequireString("session_id"), c.OptionalInteger("offset", 0, long.MaxValue) ?? throw c.Bad("missing required field 'offset'"));
    }

    private static CommitInfo ReadCommit(ArgReader args)
    {
        if (!args.TryGet("commit", out var commit) || commit.ValueKind != JsonValueKind.Object)
        {
            throw args.Bad("missing required field 'commit'");
        }
        try
        {
            return CommitArgs.Read(new ArgReader(commit, args.Route, args.Source + ": commit"));
        }
        catch (PathProblemException p)
        {
            throw ApiContext.Wrap(p, "path");
        }
    }
}
