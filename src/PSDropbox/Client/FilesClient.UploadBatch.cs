using System.Net;
using System.Text.Json;
using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

/// <summary>upload_session/start_batch and finish_batch_v2: many small files, one commit (the Transfers layer drives these).</summary>
public sealed partial class FilesClient
{
    /// <summary>The most sessions one start_batch opens and the most entries one finish_batch_v2 commits.</summary>
    internal const int MaxUploadBatch = 1000;

    /// <summary>upload_session/start_batch: <paramref name="count"/> empty sequential sessions. Unused sessions simply expire.</summary>
    internal async Task<IReadOnlyList<string>> UploadSessionStartBatchAsync(int count, CancellationToken cancellationToken)
    {
        var result = await _api.RpcAsync("files/upload_session/start_batch", new UploadSessionStartBatchArg { NumSessions = count },
            WireJson.Default.UploadSessionStartBatchArg, WireJson.Default.UploadSessionStartBatchResult, cancellationToken).ConfigureAwait(false);
        if (result.SessionIds.Count != count)
            throw new DropboxServerException("files/upload_session/start_batch", HttpStatusCode.OK,
                $"asked for {count} sessions, got {result.SessionIds.Count}", null);
        return result.SessionIds;
    }

    /// <summary>
    /// upload_session/finish_batch_v2 of closed sessions: one outcome per entry, in order. The call is a commit: the transport
    /// does not repeat it after an ambiguous failure (the caller finds out entry by entry what landed).
    /// </summary>
    internal async Task<IReadOnlyList<BatchOutcome>> UploadSessionFinishBatchAsync(IReadOnlyList<UploadSessionFinishArg> entries,
        CancellationToken cancellationToken)
    {
        const string route = "files/upload_session/finish_batch_v2";
        var arg = new UploadSessionFinishBatchArg { Entries = entries.ToList() };
        var result = await _api.RpcAsync(route, arg, WireJson.Default.UploadSessionFinishBatchArg, WireJson.Default.UploadSessionFinishBatchResult,
            cancellationToken, idempotent: false).ConfigureAwait(false);
        if (result.Entries.Count != entries.Count)
            throw new DropboxServerException(route, HttpStatusCode.OK, $"{entries.Count} entries sent, {result.Entries.Count} answered", null);
        return result.Entries.Select(entry => FinishOutcome(route, entry)).ToList();
    }

    private static BatchOutcome FinishOutcome(string route, JsonElement entry)
    {
        var tag = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(".tag", out var t) ? t.GetString() : null;
        if (tag == "success") return new BatchOutcome(entry.Deserialize(WireJson.Default.DropboxFile), null);
        var failure = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("failure", out var f) ? f : default;
        var tags = failure.ValueKind == JsonValueKind.Undefined ? new[] { tag ?? "unknown" } : UnionTags(failure);
        return new BatchOutcome(null, new DropboxApiException(route, HttpStatusCode.Conflict, string.Join("/", tags), tags, null, null,
            failure.ValueKind == JsonValueKind.Undefined ? null : failure.GetRawText()));
    }
}
