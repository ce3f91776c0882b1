using System.Net.Http.Headers;
using System.Text.Json;
using PSDropbox.Client.Wire;

namespace PSDropbox.Client;

/// <summary>files/upload and files/download (the Transfers layer drives these).</summary>
public sealed partial class FilesClient
{
    /// <summary>files/upload of bytes[0..count) with their content_hash (the server verifies it). The body is replayable.</summary>
    internal Task<DropboxFile> UploadAsync(CommitInfo commit, byte[] buffer, int count, string contentHash, CancellationToken cancellationToken) =>
        _api.UploadAsync("files/upload", UploadArg.From(commit, contentHash), WireJson.Default.UploadArg, new ByteArrayContent(buffer, 0, count),
            WireJson.Default.DropboxFile, cancellationToken, idempotent: false);

    /// <summary>upload_session/start (sequential) with the first chunk; returns the session id.</summary>
    internal async Task<string> UploadSessionStartAsync(byte[] buffer, int count, string contentHash, CancellationToken cancellationToken)
    {
        var result = await _api.UploadAsync("files/upload_session/start", new UploadSessionStartArg { ContentHash = contentHash },
            WireJson.Default.UploadSessionStartArg, new ByteArrayContent(buffer, 0, count), WireJson.Default.UploadSessionStartResult, cancellationToken)
            .ConfigureAwait(false);
        return result.SessionId;
    }

    /// <summary>upload_session/append_v2 of bytes[0..count) at <paramref name="offset"/>.</summary>
    internal Task UploadSessionAppendAsync(string sessionId, long offset, byte[] buffer, int count, string contentHash, CancellationToken cancellationToken) =>
        _api.UploadAsync("files/upload_session/append_v2",
            new UploadSessionAppendArg { Cursor = new UploadSessionCursor { SessionId = sessionId, Offset = offset }, ContentHash = contentHash },
            WireJson.Default.UploadSessionAppendArg, new ByteArrayContent(buffer, 0, count), cancellationToken);

    /// <summary>upload_session/finish with the last bytes (possibly none) at <paramref name="offset"/>, committing the file.</summary>
    internal Task<DropboxFile> UploadSessionFinishAsync(string sessionId, long offset, CommitInfo commit, byte[] buffer, int count, string contentHash,
        CancellationToken cancellationToken) =>
        _api.UploadAsync("files/upload_session/finish",
            new UploadSessionFinishArg { Cursor = new UploadSessionCursor { SessionId = sessionId, Offset = offset }, Commit = commit, ContentHash = contentHash },
            WireJson.Default.UploadSessionFinishArg, new ByteArrayContent(buffer, 0, count), WireJson.Default.DropboxFile, cancellationToken,
            idempotent: false);

    /// <summary>
    /// Runs a commit (files/upload or upload_session/finish) and, after an ambiguous failure (connection lost, 5xx),
    /// repeats it only once the file at <paramref name="path"/> proves not to have our content already: a commit whose
    /// answer was lost must not be made twice (a "(1)" copy, a conflict with itself, a second revision).
    /// </summary>
    internal async Task<DropboxFile> CommitOnceAsync(Func<Task<DropboxFile>> commit, string path, string contentHash, CancellationToken cancellationToken)
    {
        var policy = _api.Transport.RetryPolicy;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await commit().ConfigureAwait(false);
            }
            catch (Exception e) when (attempt < policy.MaxAttempts && IsAmbiguous(e) && !cancellationToken.IsCancellationRequested)
            {
                if (await FileWithContentAsync(path, contentHash, cancellationToken).ConfigureAwait(false) is { } landed) return landed;
                await policy.Delay(policy.Backoff(attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsAmbiguous(Exception e) => e is DropboxConnectionException || e is DropboxServerException { StatusCode: >= (System.Net.HttpStatusCode)500 };

    private async Task<DropboxFile?> FileWithContentAsync(string path, string contentHash, CancellationToken cancellationToken)
    {
        try
        {
            return await GetMetadataAsync(path, includeDeleted: false, cancellationToken).ConfigureAwait(false) is DropboxFile file &&
                   string.Equals(file.ContentHash, contentHash, StringComparison.Ordinal) ? file : null;
        }
        catch (DropboxApiException e) when (e.HasTag("not_found"))
        {
            return null;
        }
    }

    /// <summary>The correct_offset of an incorrect_offset error (append_v2, or finish's lookup_failed), if that is what it is.</summary>
    internal static long? CorrectOffset(DropboxApiException e)
    {
        if (!e.HasTag("incorrect_offset") || e.ErrorJson is null) return null;
        using var doc = JsonDocument.Parse(e.ErrorJson);
        var node = doc.RootElement;
        while (node.ValueKind == JsonValueKind.Object)
        {
            if (node.TryGetProperty("correct_offset", out var offset) && offset.TryGetInt64(out var value)) return value;
            if (!node.TryGetProperty(".tag", out var tag) || !node.TryGetProperty(tag.GetString() ?? "", out node)) break;
        }
        return null;
    }

    /// <summary>
    /// files/download, streamed: returns once the headers arrived. With <paramref name="rangeStart"/> asks for the bytes from
    /// there on; check <see cref="DownloadResponse.Offset"/>, since a server may answer with the whole file.
    /// </summary>
    internal async Task<DownloadResponse> DownloadAsync(string path, long? rangeStart, CancellationToken cancellationToken)
    {
        const string route = "files/download";
        var arg = JsonSerializer.Serialize(new DownloadArg { Path = DropboxPath.Normalize(path) }, WireJson.Default.DownloadArg);
        using var request = _api.Transport.CreateDownloadRequest(route, arg, rangeStart > 0 ? rangeStart : null);
        var response = await _api.SendAsync(request, route, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            await ApiCaller.ThrowIfFailedAsync(response, route).ConfigureAwait(false);
            var result = response.Headers.TryGetValues("Dropbox-API-Result", out var values) ? values.FirstOrDefault() : null;
            var metadata = result is null ? null : JsonSerializer.Deserialize(result, WireJson.Default.DropboxFile);
            if (metadata is null)
                throw new DropboxServerException(route, response.StatusCode, "the response has no Dropbox-API-Result header", ApiCaller.RequestId(response));
            long offset = response.StatusCode == System.Net.HttpStatusCode.PartialContent ? RangeStart(response.Content.Headers.ContentRange) : 0;
            var content = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            return new DownloadResponse(response, metadata, content, offset);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static long RangeStart(ContentRangeHeaderValue? range) => range?.From ?? 0;
}
