using System.Net;
using System.Text.Json;
using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

/// <summary>files/copy_v2, move_v2, permanently_delete and the batch routes with their async jobs.</summary>
public sealed partial class FilesClient
{
    /// <summary>Dropbox accepts at most this many entries in one batch call.</summary>
    public const int MaxBatchEntries = 1000;

    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);

    /// <summary>files/copy_v2: copies a file or folder (with its contents) to exactly <paramref name="toPath"/>.</summary>
    public Task<DropboxItem> CopyAsync(string fromPath, string toPath, bool autorename, CancellationToken cancellationToken) =>
        RelocateAsync("files/copy_v2", fromPath, toPath, autorename, cancellationToken);

    /// <summary>files/move_v2: moves or renames; ids stay the same.</summary>
    public Task<DropboxItem> MoveAsync(string fromPath, string toPath, bool autorename, CancellationToken cancellationToken) =>
        RelocateAsync("files/move_v2", fromPath, toPath, autorename, cancellationToken);

    private async Task<DropboxItem> RelocateAsync(string route, string fromPath, string toPath, bool autorename, CancellationToken cancellationToken)
    {
        var arg = new RelocationArg { FromPath = DropboxPath.Normalize(fromPath), ToPath = DropboxPath.Normalize(toPath), Autorename = autorename };
        var result = await _api.RpcAsync(route, arg, WireJson.Default.RelocationArg, WireJson.Default.MetadataResult, cancellationToken).ConfigureAwait(false);
        return result.Metadata ?? throw new DropboxServerException(route, HttpStatusCode.OK, "no metadata in result", null);
    }

    /// <summary>files/copy_batch_v2 (+ check_v2 until the job completes): one outcome per entry, in order.</summary>
    public Task<IReadOnlyList<BatchOutcome>> CopyBatchAsync(IReadOnlyList<KeyValuePair<string, string>> fromTo, bool autorename,
        CancellationToken cancellationToken) =>
        RelocateBatchAsync("files/copy_batch_v2", "files/copy_batch/check_v2", fromTo, autorename, cancellationToken);

    /// <summary>files/move_batch_v2 (+ check_v2 until the job completes): one outcome per entry, in order.</summary>
    public Task<IReadOnlyList<BatchOutcome>> MoveBatchAsync(IReadOnlyList<KeyValuePair<string, string>> fromTo, bool autorename,
        CancellationToken cancellationToken) =>
        RelocateBatchAsync("files/move_batch_v2", "files/move_batch/check_v2", fromTo, autorename, cancellationToken);

    private async Task<IReadOnlyList<BatchOutcome>> RelocateBatchAsync(string route, string checkRoute, IReadOnlyList<KeyValuePair<string, string>> fromTo,
        bool autorename, CancellationToken cancellationToken)
    {
        var arg = new RelocationBatchArg
        {
            Entries = fromTo.Select(e => new RelocationPath { FromPath = DropboxPath.Normalize(e.Key), ToPath = DropboxPath.Normalize(e.Value) }).ToList(),
            Autorename = autorename,
        };
        var launch = await _api.RpcAsync(route, arg, WireJson.Default.RelocationBatchArg, WireJson.Default.BatchJobStatus, cancellationToken).ConfigureAwait(false);
        var done = await AwaitJobAsync(checkRoute, launch, arg.Entries.Count, cancellationToken).ConfigureAwait(false);
        var single = route == "files/move_batch_v2" ? "files/move_v2" : "files/copy_v2";
        return await RetryContendedAsync(done.Entries!.Select(e => Outcome(route, e, e.Success)).ToList(),
            i => RelocateAsync(single, fromTo[i].Key, fromTo[i].Value, autorename, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>files/delete_batch (+ delete_batch/check until the job completes): one outcome per entry, in order.</summary>
    public async Task<IReadOnlyList<BatchOutcome>> DeleteBatchAsync(IReadOnlyList<KeyValuePair<string, string?>> pathAndParentRev,
        CancellationToken cancellationToken)
    {
        const string route = "files/delete_batch";
        var arg = new DeleteBatchArg
        {
            Entries = pathAndParentRev.Select(e => new DeleteArg { Path = DropboxPath.Normalize(e.Key), ParentRev = e.Value }).ToList(),
        };
        var launch = await _api.RpcAsync(route, arg, WireJson.Default.DeleteBatchArg, WireJson.Default.BatchJobStatus, cancellationToken).ConfigureAwait(false);
        var done = await AwaitJobAsync("files/delete_batch/check", launch, arg.Entries.Count, cancellationToken).ConfigureAwait(false);
        return await RetryContendedAsync(done.Entries!.Select(e => Outcome(route, e, e.Metadata)).ToList(),
            i => DeleteAsync(pathAndParentRev[i].Key, pathAndParentRev[i].Value, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Entries that failed with too_many_write_operations (namespace lock contention: nothing was done) are repeated
    /// alone, one call each; the transport retries those calls while the contention lasts.
    /// </summary>
    private static async Task<IReadOnlyList<BatchOutcome>> RetryContendedAsync(List<BatchOutcome> outcomes, Func<int, Task<DropboxItem>> alone)
    {
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i].Error?.Kind != DropboxErrorKind.TooManyWriteOperations) continue;
            try
            {
                outcomes[i] = new BatchOutcome(await alone(i).ConfigureAwait(false), null);
            }
            catch (DropboxApiException e)
            {
                outcomes[i] = new BatchOutcome(null, e);
            }
        }
        return outcomes;
    }

    /// <summary>files/permanently_delete: deletes the item and its history for good.</summary>
    public Task PermanentlyDeleteAsync(string path, string? parentRev, CancellationToken cancellationToken)
    {
        var arg = new DeleteArg { Path = DropboxPath.Normalize(path), ParentRev = parentRev };
        return _api.RpcAsync("files/permanently_delete", arg, WireJson.Default.DeleteArg, WireJson.Default.JsonElement, cancellationToken);
    }

    /// <summary>Polls the /check route with a growing interval until the job is complete (or failed).</summary>
    private async Task<BatchJobStatus> AwaitJobAsync(string checkRoute, BatchJobStatus status, int expectedEntries, CancellationToken cancellationToken)
    {
        var jobId = new AsyncJobArg { AsyncJobId = status.AsyncJobId ?? "" };
        var delay = FirstPoll;
        while (status.Tag is "async_job_id" or "in_progress")
        {
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPoll.Ticks));
            status = await _api.RpcAsync(checkRoute, jobId, WireJson.Default.AsyncJobArg, WireJson.Default.BatchJobStatus, cancellationToken)
                .ConfigureAwait(false);
        }
        if (status.Tag == "failed" && status.Failed is { } failed)
        {
            var tags = UnionTags(failed);
            throw new DropboxApiException(checkRoute, HttpStatusCode.OK, string.Join("/", tags), tags, null, null, failed.GetRawText());
        }
        if (status.Tag != "complete" || status.Entries is null || status.Entries.Count != expectedEntries)
        {
            throw new DropboxServerException(checkRoute, HttpStatusCode.OK, $"unexpected job status '{status.Tag}'", null);
        }
        return status;
    }

    private static BatchOutcome Outcome(string route, BatchEntryResult entry, DropboxItem? item)
    {
        if (entry.Tag == "success" && item is not null) return new BatchOutcome(item, null);
        var failure = entry.Failure ?? default;
        var tags = failure.ValueKind == JsonValueKind.Undefined ? new[] { entry.Tag } : UnionTags(failure);
        return new BatchOutcome(null,
            new DropboxApiException(route, HttpStatusCode.Conflict, string.Join("/", tags), tags, null, null, failure.ValueKind == JsonValueKind.Undefined ? null : failure.GetRawText()));
    }

    /// <summary>{".tag":"a","a":{".tag":"b"}} → [a, b]; the compact form "a" → [a].</summary>
    internal static IReadOnlyList<string> UnionTags(JsonElement union)
    {
        var tags = new List<string>();
        while (true)
        {
            if (union.ValueKind == JsonValueKind.String)
            {
                tags.Add(union.GetString()!);
                return tags;
            }
            if (union.ValueKind != JsonValueKind.Object || !union.TryGetProperty(".tag", out var tag) || tag.ValueKind != JsonValueKind.String)
                return tags;
            var name = tag.GetString()!;
            tags.Add(name);
            if (!union.TryGetProperty(name, out var nested)) return tags;
            union = nested;
        }
    }
}
