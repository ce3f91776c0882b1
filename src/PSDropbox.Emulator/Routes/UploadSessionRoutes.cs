using System.Text.Json;
using PSDropbox.Emulator.Domain;
using PSDropbox.Emulator.Edge;
using PSDropbox.Emulator.Faults;
using PSDropbox.Emulator.Stores;

namespace PSDropbox.Emulator.Routes;

/// <summary>upload_session/start, start_batch, append_v2 (and the deprecated append), finish and finish_batch_v2 (§2.3), sequential and concurrent.</summary>
internal static class UploadSessionRoutes
{
    public static void Register(RouteTable t)
    {
        t.Upload("files/upload_session/start", StartAsync);
        t.Rpc("files/upload_session/start_batch", StartBatchAsync);
        t.Upload("files/upload_session/append_v2", AppendAsync);
        t.Upload("files/upload_session/append", AppendV1Async);
        t.Upload("files/upload_session/finish", FinishAsync, PathErrors.Under("path"));
        t.Rpc("files/upload_session/finish_batch_v2", FinishBatchAsync, PathErrors.Under("path"));
    }

    private static async Task StartAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        bool close = args.Bool("close", false);
        string? hash = CommitArgs.ReadContentHash(args);
        bool concurrent = ReadConcurrent(args);
        var body = RequestBody.Limited(ctx);
        if (concurrent && ctx.Http.Request.ContentLength > 0)
        {
            throw ApiContext.Error("concurrent_session_data_not_allowed");
        }
        if (concurrent && close)
        {
            throw ApiContext.Error("concurrent_session_close_not_allowed");
        }
        var session = await ctx.Stores.Sessions.CreateAsync(ctx.User, concurrent, ctx.Aborted);
        if (!concurrent)
        {
            try
            {
                long length = await ctx.Stores.Sessions.AppendSequentialAsync(session, body, hash, close, ctx.Aborted);
                await ctx.Stores.Sessions.CountBytesAsync(session.Id, length, 0);
            }
            catch (SessionProblemException p)
            {
                await ctx.Stores.Sessions.FinishAsync(session.Id);
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

    /// <summary>UploadSessionType: sequential (the default) or concurrent.</summary>
    private static bool ReadConcurrent(ArgReader args) =>
        args.OptionalUnion("session_type") is { } type && type.Tag switch
        {
            "sequential" => false,
            "concurrent" => true,
            _ => throw args.Bad($"session_type: unknown tag '{type.Tag}'"),
        };

    /// <summary>num_sessions (1..1000) empty sessions of one type, {"session_ids":[...]} in order.</summary>
    private static async Task StartBatchAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        bool concurrent = ReadConcurrent(args);
        long count = args.OptionalInteger("num_sessions", 1, 1000) ?? throw args.Bad("missing required field 'num_sessions'");
        var ids = (await ctx.Stores.Sessions.CreateAsync(ctx.User, concurrent, (int)count, ctx.Aborted)).Select(s => s.Id).ToList();
        await ctx.OkAsync(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("session_ids");
            ids.ForEach(w.WriteStringValue);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static Task AppendAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var (id, offset) = ReadCursor(args);
        return AppendBodyAsync(ctx, id, offset, args.Bool("close", false), CommitArgs.ReadContentHash(args));
    }

    /// <summary>The deprecated append: the argument is the UploadSessionCursor itself; never closes.</summary>
    private static Task AppendV1Async(ApiContext ctx)
    {
        var (id, offset) = ReadCursorFields(ctx.Args.RequireObject());
        return AppendBodyAsync(ctx, id, offset, close: false, hash: null);
    }

    private static async Task AppendBodyAsync(ApiContext ctx, string id, long offset, bool close, string? hash)
    {
        var body = RequestBody.Limited(ctx);
        try
        {
            await ctx.Stores.Sessions.WithSessionAsync(id, () => AppendCoreAsync(ctx, id, offset, body, hash, close), ctx.Aborted);
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
        var s = ctx.Stores.Sessions.Get(ctx.User, id) ?? throw SessionProblemException.Of("not_found");
        try
        {
            var after = await StoreBodyAsync(ctx, s, offset, body, hash, close);
            long stored = s.Concurrent ? ctx.Http.Request.ContentLength ?? 0 : after.Offset - s.Offset;
            await ctx.Stores.Sessions.CountBytesAsync(id, stored, 0);
            return after;
        }
        catch (Exception e) when (e is SessionProblemException or RouteErrorException)
        {
            await ctx.Stores.Sessions.CountBytesAsync(id, 0, ctx.Http.Request.ContentLength ?? 0);
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
            if (offset % UploadSessionStore.ConcurrentBlock != 0)
            {
                throw SessionProblemException.Of("concurrent_session_invalid_offset");
            }
            long end = await ctx.Stores.Sessions.PutConcurrentPartAsync(s, offset, body, hash, close, ctx.Aborted);
            return s with { Offset = end, Closed = close || s.Closed };
        }
        if (offset != s.Offset)
        {
            throw SessionProblemException.IncorrectOffset(s.Offset);
        }
        long next = await ctx.Stores.Sessions.AppendSequentialAsync(s, body, hash, close, ctx.Aborted);
        return s with { Offset = next, Closed = close || s.Closed };
    }

    private static async Task FinishAsync(ApiContext ctx)
    {
        var args = ctx.Args.RequireObject();
        var (id, offset) = ReadCursor(args);
        string? hash = CommitArgs.ReadContentHash(args);
        var commit = ReadCommit(args);
        var body = RequestBody.Limited(ctx);
        Item file = await ctx.Stores.Sessions.WithSessionAsync(id, async () =>
        {
            UploadSession s;
            try
            {
                s = ctx.Stores.Sessions.Get(ctx.User, id) ?? throw SessionProblemException.Of("not_found");
                if (s.Concurrent)
                {
                    if (ctx.Http.Request.ContentLength > 0)
                    {
                        await ctx.Stores.Sessions.CountBytesAsync(id, 0, ctx.Http.Request.ContentLength ?? 0);
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
        await ctx.OkAsync(w => MetadataJson.WriteFile(w, ctx.View, file, withTag: false));
    }

    /// <summary>Seals the session's bytes and commits them; a path problem keeps the session so the finish can be retried.</summary>
    private static async Task<Item> CommitSessionAsync(ApiContext ctx, UploadSession s, CommitInfo commit)
    {
        (string hash, long size) sealedData;
        try
        {
            sealedData = await ctx.Stores.Sessions.SealAsync(s, ctx.Aborted);
        }
        catch (SessionProblemException p)
        {
            throw new RouteErrorException(p.Error);
        }
        var item = await ctx.Stores.Tree.CommitFileAsync(ctx.User, commit, sealedData.hash, sealedData.size, ctx.Aborted);
        await ctx.Stores.Sessions.FinishAsync(s.Id);
        return item;
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
        // Every entry is read before any is committed: a malformed one is a 400 for the whole call.
        var finishes = entries.EnumerateArray().Select(entry =>
        {
            var entryArgs = new ArgReader(entry, ctx.Route.Name, ctx.ArgSource + ": entries").RequireObject();
            var (id, offset) = ReadCursor(entryArgs);
            return (id, offset, commit: ReadCommit(entryArgs));
        }).ToList();
        var contended = BatchEntryFaults.For(ctx.Http, finishes.Count);
        var results = new List<(Item? File, ErrorValue? Failure)>();
        foreach (var ((id, offset, commit), i) in finishes.Select((f, i) => (f, i)))
        {
            if (contended[i])
            {
                results.Add((null, new ErrorValue("too_many_write_operations")));
                continue;
            }
            try
            {
                var file = await ctx.Stores.Sessions.WithSessionAsync(id, async () =>
                {
                    UploadSession s;
                    try
                    {
                        s = ctx.Stores.Sessions.Get(ctx.User, id) ?? throw SessionProblemException.Of("not_found");
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
            catch (PathProblemException p)
            {
                results.Add((null, ctx.Route.PathErrors!(p).Error));
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
                    WriteSuccess(w, ctx.View, file);
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
    private static void WriteSuccess(Utf8JsonWriter w, PathView view, Item file)
    {
        var json = JsonDocument.Parse(Http.ToJsonBytes(x => MetadataJson.WriteFile(x, view, file, withTag: false)));
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
        return ReadCursorFields(new ArgReader(cursor, args.Route, args.Source + ": cursor"));
    }

    /// <summary>The UploadSessionCursor struct: session_id and offset.</summary>
    private static (string Id, long Offset) ReadCursorFields(ArgReader c) =>
        (c.RequireString("session_id"), c.OptionalInteger("offset", 0, long.MaxValue) ?? throw c.Bad("missing required field 'offset'"));

    private static CommitInfo ReadCommit(ArgReader args)
    {
        if (!args.TryGet("commit", out var commit) || commit.ValueKind != JsonValueKind.Object)
        {
            throw args.Bad("missing required field 'commit'");
        }
        return CommitArgs.Read(new ArgReader(commit, args.Route, args.Source + ": commit"));
    }
}
