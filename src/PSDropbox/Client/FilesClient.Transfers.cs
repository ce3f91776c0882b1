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
        UploadSessionAppendAsync(sessionId, offset, buffer, count, contentHash, close: false, cancellationToken);

    /// <summary>upload_session/append_v2 that may close the session (its last bytes: finish_batch_v2 needs closed sessions).</summary>
    internal Task UploadSessionAppendAsync(string sessionId, long offset, byte[] buffer, int count, string contentHash, bool close,
        CancellationToken cancellationToken) =>
        _api.UploadAsync("files/upload_session/append_v2",
            new UploadSessionAppendArg { Cursor = new UploadSessionCursor { SessionId = sessionId, Offset = offset }, Close = close, ContentHash = contentHash },
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
    /// repeats it only once Dropbox proves not to hold our file already: a commit whose answer was lost must not be made
    /// twice (a "(1)" copy, a conflict with itself, a second revision).
    /// </summary>
    internal async Task<DropboxFile> CommitOnceAsync(Func<Task<DropboxFile>> commit, CommitInfo info, string contentHash, CancellationToken cancellationToken)
    {
        // The transport does not repeat a commit after an ambiguous failure (it only repeats what certainly did not run):
        // that is retried here, with the same policy, once the check says the commit did not land.
        var schedule = RetryPolicy.Start();
        while (true)
        {
            try
            {
                return await commit().ConfigureAwait(false);
            }
            catch (DropboxException e) when (e.IsTransient && !cancellationToken.IsCancellationRequested)
            {
                if (await LandedCommitAsync(info, contentHash, cancellationToken).ConfigureAwait(false) is { } landed) return landed;
                if (schedule.Next() is not TimeSpan wait) throw;
                await schedule.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Where a commit whose answer was lost would be: at its path with our content, or (with autorename) under one of the
    /// names Dropbox gives to avoid a conflict, with our content and our client_modified. The autorenamed names are tried
    /// in Dropbox's order up to the first free one, which is where the lost commit would have gone at the latest.
    /// </summary>
    internal async Task<DropboxFile?> LandedCommitAsync(CommitInfo info, string contentHash, CancellationToken cancellationToken)
    {
        var atPath = await ItemAtAsync(info.Path, cancellationToken).ConfigureAwait(false);
        if (atPath is DropboxFile file && string.Equals(file.ContentHash, contentHash, StringComparison.Ordinal)) return file;
        if (!info.Autorename || atPath is null) return null;
        var conflictedCopy = info.Mode.Mode == DropboxWriteMode.Update;
        for (var n = 1; n <= MaxAutorenameProbes; n++)
        {
            var sibling = await ItemAtAsync(DropboxPath.Autorenamed(info.Path, n, conflictedCopy), cancellationToken).ConfigureAwait(false);
            if (sibling is null) return null;
            if (sibling is DropboxFile copy && string.Equals(copy.ContentHash, contentHash, StringComparison.Ordinal) &&
                info.ClientModified == copy.ClientModified.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture))
                return copy;
        }
        return null;
    }

    private const int MaxAutorenameProbes = 1000;

    /// <summary>The file or folder at <paramref name="path"/>; null when nothing is there.</summary>
    private async Task<DropboxItem?> ItemAtAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await GetMetadataAsync(path, includeDeleted: false, cancellationToken).ConfigureAwait(false);
        }
        catch (DropboxApiException e) when (e.Kind == DropboxErrorKind.NotFound)
        {
            return null;
        }
    }

    /// <summary>The correct_offset of an incorrect_offset error (append_v2, or finish's lookup_failed), if that is what it is.</summary>
    internal static long? CorrectOffset(DropboxApiException e)
    {
        if (e.Kind != DropboxErrorKind.IncorrectOffset || e.ErrorJson is null) return null;
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
    /// there on (to <paramref name="rangeEnd"/>, inclusive, when given); check <see cref="DownloadResponse.Offset"/>, since
    /// a server may answer with the whole file.
    /// </summary>
    internal async Task<DownloadResponse> DownloadAsync(string path, long? rangeStart, CancellationToken cancellationToken, long? rangeEnd = null)
    {
        const string route = "files/download";
        var arg = JsonSerializer.Serialize(new DownloadArg { Path = DropboxPath.Normalize(path) }, WireJson.Default.DownloadArg);
        using var request = _api.Transport.CreateDownloadRequest(route, arg, rangeStart > 0 ? rangeStart : null, rangeEnd);
        var response = await _api.SendAsync(request, route, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            await ApiCaller.ThrowIfFailedAsync(response, route).ConfigureAwait(false);
            var result = response.Headers.TryGetValues("Dropbox-API-Result", out var values) ? values.FirstOrDefault() : null;
            var metadata = result is null ? null : JsonSerializer.Deserialize(result, WireJson.Default.DropboxFile);
            if (metadata is null)
                throw new DropboxServerException(route, response.StatusCode, "the response has no Dropbox-API-Result header", ApiCaller.RequestId(response));
            long offset = response.StatusCode == System.Net.HttpStatusCode.PartialContent ? RangeStart(response.Content.Headers.ContentRange) : 0;
            var content = new ResponseBodyStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), route, request.RequestUri!);
            return new DownloadResponse(response, metadata, content, offset);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// files/export, streamed: a file that cannot be downloaded (IsDownloadable false) in <paramref name="format"/> (null: its
    /// ExportAs). <see cref="DownloadResponse.Export"/> describes the body; <see cref="DownloadResponse.Metadata"/> the file.
    /// </summary>
    internal async Task<DownloadResponse> ExportAsync(string path, string? format, CancellationToken cancellationToken)
    {
        const string route = "files/export";
        var arg = JsonSerializer.Serialize(new ExportArg { Path = DropboxPath.Normalize(path), ExportFormat = format }, WireJson.Default.ExportArg);
        using var request = _api.Transport.CreateDownloadRequest(route, arg, null);
        var response = await _api.SendAsync(request, route, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            await ApiCaller.ThrowIfFailedAsync(response, route).ConfigureAwait(false);
            var header = response.Headers.TryGetValues("Dropbox-API-Result", out var values) ? values.FirstOrDefault() : null;
            var result = header is null ? null : JsonSerializer.Deserialize(header, WireJson.Default.ExportResult);
            if (result?.File is null || result.Export is null)
                throw new DropboxServerException(route, response.StatusCode, "the response has no export result in Dropbox-API-Result", ApiCaller.RequestId(response));
            var content = new ResponseBodyStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), route, request.RequestUri!);
            return new DownloadResponse(response, result.File, content, 0, result.Export);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static long RangeStart(ContentRangeHeaderValue? range) => range?.From ?? 0;
}
