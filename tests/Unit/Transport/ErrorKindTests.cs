using System.Net;
using PSDropbox.Client;
using PSDropbox.Transport;

namespace PSDropbox.Tests.Unit.Transport;

/// <summary>Dropbox's error tags and statuses read into kinds in one place; callers test the kind.</summary>
public sealed class ErrorKindTests
{
    [Theory]
    [InlineData("path/not_found/..", DropboxErrorKind.NotFound)]
    [InlineData("path_lookup/not_found/", DropboxErrorKind.NotFound)]
    [InlineData("path/conflict/file/..", DropboxErrorKind.Conflict)]
    [InlineData("path/conflict/file_ancestor/.", DropboxErrorKind.ParentIsFile)]
    [InlineData("path/insufficient_space/", DropboxErrorKind.InsufficientSpace)]
    [InlineData("to/no_write_permission/..", DropboxErrorKind.PermissionDenied)]
    [InlineData("too_many_write_operations/", DropboxErrorKind.TooManyWriteOperations)]
    [InlineData("lookup_failed/incorrect_offset/..", DropboxErrorKind.IncorrectOffset)]
    [InlineData("reset/", DropboxErrorKind.CursorReset)]
    [InlineData("shared_link_already_exists/..", DropboxErrorKind.SharedLinkExists)]
    [InlineData("shared_link_not_found/", DropboxErrorKind.SharedLinkNotFound)]
    [InlineData("path/unsupported_extension/", DropboxErrorKind.UnsupportedExtension)]
    [InlineData("something_new/", DropboxErrorKind.Other)]
    public void A_route_error_gets_its_kind_from_its_tags(string summary, DropboxErrorKind kind)
    {
        var e = new DropboxApiException("files/x", HttpStatusCode.Conflict, summary, ErrorSummary.ParseTags(summary), null, null, null);
        Assert.Equal(kind, e.Kind);
    }

    [Fact]
    public void A_403_without_a_known_tag_is_permission_denied_and_folder_conflicts_are_told_apart()
    {
        Assert.Equal(DropboxErrorKind.PermissionDenied,
            new DropboxApiException("files/x", HttpStatusCode.Forbidden, "invalid_account_type/", ["invalid_account_type"], null, null, null).Kind);
        Assert.True(new DropboxApiException("files/create_folder_v2", HttpStatusCode.Conflict, "path/conflict/folder/", ["path", "conflict", "folder"], null, null, null).ConflictsWithFolder);
        Assert.False(new DropboxApiException("files/upload", HttpStatusCode.Conflict, "path/conflict/file/", ["path", "conflict", "file"], null, null, null).ConflictsWithFolder);
    }

    [Theory]
    [InlineData(400, DropboxErrorKind.BadRequest, false)]
    [InlineData(401, DropboxErrorKind.AuthenticationFailed, false)]
    [InlineData(429, DropboxErrorKind.RateLimited, true)]
    [InlineData(500, DropboxErrorKind.ServerError, true)]
    [InlineData(503, DropboxErrorKind.ServerError, true)]
    [InlineData(501, DropboxErrorKind.UnexpectedAnswer, false)]
    [InlineData(404, DropboxErrorKind.UnexpectedAnswer, false)]
    public void Other_statuses_have_kinds_and_only_the_transient_ones_are_retried(int status, DropboxErrorKind kind, bool transient)
    {
        Assert.Equal(kind, DropboxErrorKinds.FromStatus((HttpStatusCode)status));
        Assert.Equal(transient, RetryPolicy.IsTransient(kind));
    }

    [Fact]
    public void Exceptions_carry_their_kind()
    {
        Assert.Equal(DropboxErrorKind.TokenExpired, new DropboxAuthException("r", "expired_access_token", null).Kind);
        Assert.Equal(DropboxErrorKind.AuthenticationFailed, new DropboxAuthException("r", "invalid_access_token", null).Kind);
        Assert.True(new DropboxRateLimitException("r", "too_many_requests", TimeSpan.FromSeconds(1), null).IsTransient);
        Assert.True(new DropboxConnectionException("r", new Uri("https://api.dropboxapi.com/"), new HttpRequestException("x")).IsTransient);
        var timeout = new DropboxTimeoutException("files/download", new Uri("https://content.dropboxapi.com/"),
            new TransferStalledException(TransferPhase.Receiving, TimeSpan.FromSeconds(300)), attempts: 3);
        Assert.Equal(DropboxErrorKind.Timeout, timeout.Kind);
        Assert.Equal("OperationTimeoutSeconds", timeout.LimitName);
        Assert.Equal("files/download to https://content.dropboxapi.com timed out: The answer stopped arriving for 300 s (OperationTimeoutSeconds). Gave up after 3 attempts.", timeout.Message);
    }
}
