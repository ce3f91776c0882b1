using System.Management.Automation;
using PSDropbox.Client;
using PSDropbox.Client.Changes;
using PSDropbox.SignIn;
using PSDropbox.Transfers;
using PSDropbox.Transport;

namespace PSDropbox.Commands;

/// <summary>
/// Turns exceptions into ErrorRecords with a stable FullyQualifiedErrorId, the right category and a message a
/// person can act on (design.md §2 table). No stack trace ever reaches the user: the message is the record's text.
/// </summary>
internal static class ErrorRecords
{
    public const string NotConnected = "PSDropbox.NotConnected";

    public static ErrorRecord NotConnectedRecord() => new(
        new InvalidOperationException("You are not connected to Dropbox. Run Connect-Dropbox first."),
        NotConnected, ErrorCategory.AuthenticationError, null)
    {
        ErrorDetails = new ErrorDetails("You are not connected to Dropbox. Run Connect-Dropbox first.")
        {
            RecommendedAction = "Connect-Dropbox -AccessToken <token>, or Connect-Dropbox -AppKey <key> to sign in.",
        },
    };

    /// <summary>A delete guarded with -Rev found a different revision: the file changed since that revision was read.</summary>
    public static ErrorRecord RevisionMismatch(DropboxApiException e, object target, string rev) => new(e, "PSDropbox.RevisionMismatch",
        ErrorCategory.InvalidOperation, target)
    {
        ErrorDetails = new ErrorDetails($"'{target}' was not deleted: it is no longer at revision {rev}. (Dropbox: {e.TagPath})"),
    };

    /// <summary>
    /// Failures that concern one input item (a path that is missing, malformed, in conflict...). The cmdlet
    /// reports them with WriteError and goes on with the next item; anything else stops the command.
    /// </summary>
    public static bool IsPerItem(Exception e) =>
        e is DropboxApiException || e is DropboxBadRequestException || e is MalformedPathException ||
        e is IOException || e is UnauthorizedAccessException;

    public static ErrorRecord From(Exception e, object? target)
    {
        var (id, category, message) = Classify(e, target);
        return new ErrorRecord(e, id, category, target) { ErrorDetails = new ErrorDetails(message) };
    }

    private static (string Id, ErrorCategory Category, string Message) Classify(Exception e, object? target)
    {
        var what = target is null ? "The item" : $"'{target}'";
        switch (e)
        {
            case DropboxApiException api:
                return ClassifyApi(api, what);
            case WildcardPatternException wildcard:
                return ("PSDropbox.InvalidFilter", ErrorCategory.InvalidArgument, $"{what} is not a valid wildcard pattern: {wildcard.Message}");
            case MalformedPathException malformed:
                return ("PSDropbox.MalformedPath", ErrorCategory.InvalidArgument, malformed.Message);
            case DropboxBadRequestException bad:
                return ("PSDropbox.BadRequest", ErrorCategory.InvalidArgument, $"Dropbox rejected the request for {what}: {bad.Message}");
            case DropboxAuthException auth when auth.Tag == "expired_access_token":
                return ("PSDropbox.TokenExpired", ErrorCategory.AuthenticationError, auth.Message);
            case DropboxAuthException auth:
                return ("PSDropbox.InvalidToken", ErrorCategory.AuthenticationError, auth.Message);
            case DropboxRateLimitException rate:
                return ("PSDropbox.RateLimited", ErrorCategory.LimitsExceeded, rate.Message);
            case DropboxConnectionException { InnerException: TimeoutException } timeout:
                return ("PSDropbox.Timeout", ErrorCategory.OperationTimeout, timeout.Message);
            case DropboxConnectionException connection:
                return ("PSDropbox.ConnectionFailed", ErrorCategory.ConnectionError, connection.Message);
            case DropboxServerException server:
                return ("PSDropbox.ServerError", ErrorCategory.ProtocolError, server.Message);
            case ChangeStateException { Mismatch: true } state:
                return ("PSDropbox.StateFileMismatch", ErrorCategory.InvalidArgument, state.Message);
            case ChangeStateException state:
                return ("PSDropbox.InvalidStateFile", ErrorCategory.InvalidData, state.Message);
            case DropboxOAuthException oauth:
                return (oauth.Error switch
                {
                    "invalid_grant" => "PSDropbox.InvalidGrant",
                    "invalid_client" => "PSDropbox.InvalidClient",
                    _ => "PSDropbox.OAuthError",
                }, ErrorCategory.AuthenticationError, oauth.Message);
            case SignInException signIn:
                return signIn.Reason switch
                {
                    SignInFailure.Denied => ("PSDropbox.SignInCancelled", ErrorCategory.AuthenticationError, signIn.Message),
                    SignInFailure.StateMismatch => ("PSDropbox.SignInStateMismatch", ErrorCategory.SecurityError, signIn.Message),
                    SignInFailure.TimedOut => ("PSDropbox.SignInTimeout", ErrorCategory.OperationTimeout, signIn.Message),
                    SignInFailure.PortInUse => ("PSDropbox.PortInUse", ErrorCategory.ResourceUnavailable, signIn.Message),
                    _ => ("PSDropbox.NoAuthorizationCode", ErrorCategory.InvalidArgument, signIn.Message),
                };
            case ProfileNotFoundException missing:
                return ("PSDropbox.ProfileNotFound", ErrorCategory.ObjectNotFound, missing.Message);
            case ProfileUnreadableException unreadable:
                return ("PSDropbox.ProfileUnreadable", ErrorCategory.InvalidData, unreadable.Message);
            case TimeoutException timeout:
                return ("PSDropbox.Timeout", ErrorCategory.OperationTimeout, timeout.Message);
            case InsecureEndpointException insecure:
                return ("PSDropbox.InsecureEndpoint", ErrorCategory.SecurityError, insecure.Message);
            case ContentHashMismatchException mismatch:
                return ("PSDropbox.ContentHashMismatch", ErrorCategory.InvalidResult, mismatch.Message);
            case DirectoryNeedsRecurseException folder:
                return ("PSDropbox.FolderNeedsRecurse", ErrorCategory.InvalidArgument, folder.Message);
            case LocalFileExistsException exists:
                return ("PSDropbox.LocalFileExists", ErrorCategory.ResourceExists, exists.Message);
            case UnsafeLocalNameException unsafeName:
                return ("PSDropbox.UnsafeLocalName", ErrorCategory.SecurityError, unsafeName.Message);
            case UnauthorizedAccessException denied:
                return ("PSDropbox.LocalAccessDenied", ErrorCategory.PermissionDenied, denied.Message);
            case FileNotFoundException or DirectoryNotFoundException:
                return ("PSDropbox.LocalPathNotFound", ErrorCategory.ObjectNotFound, e.Message);
            case IOException io:
                return ("PSDropbox.LocalIOError", ErrorCategory.WriteError, io.Message);
            case ArgumentException argument:
                return ("PSDropbox.InvalidArgument", ErrorCategory.InvalidArgument, argument.Message);
            default:
                return ("PSDropbox.UnexpectedError", ErrorCategory.NotSpecified, $"{e.GetType().Name}: {e.Message}");
        }
    }

    private static (string, ErrorCategory, string) ClassifyApi(DropboxApiException api, string what)
    {
        var detail = $" (Dropbox: {api.TagPath})";
        if (ClassifyLinksAndSearch(api, what, detail) is { } linkOrSearch)
            return linkOrSearch;
        if (api.HasTag("not_found"))
            return ("PSDropbox.PathNotFound", ErrorCategory.ObjectNotFound, $"{what} was not found in Dropbox.{detail}");
        if (api.HasTag("not_file"))
            return ("PSDropbox.NotAFile", ErrorCategory.InvalidType, $"{what} is a folder, not a file.{detail}");
        if (api.HasTag("not_folder"))
            return ("PSDropbox.NotAFolder", ErrorCategory.InvalidType, $"{what} is a file, not a folder.{detail}");
        if (api.HasTag("file_ancestor"))
            return ("PSDropbox.ParentIsFile", ErrorCategory.ResourceExists, $"A parent of {what} is a file, so nothing can be created under it.{detail}");
        if (api.HasTag("conflict"))
            return ("PSDropbox.Conflict", ErrorCategory.ResourceExists, $"{what} conflicts with an item that already exists.{detail}");
        if (api.HasTag("malformed_path"))
            return ("PSDropbox.MalformedPath", ErrorCategory.InvalidArgument, $"{what} is not a valid Dropbox path.{detail}");
        if (api.HasTag("disallowed_name"))
            return ("PSDropbox.DisallowedName", ErrorCategory.InvalidArgument, $"{what} has a name Dropbox does not allow.{detail}");
        if (api.HasTag("insufficient_space") || api.HasTag("insufficient_quota"))
            return ("PSDropbox.InsufficientSpace", ErrorCategory.QuotaExceeded, $"There is not enough space in Dropbox for {what}.{detail}");
        if (api.HasTag("too_many_write_operations"))
            return ("PSDropbox.TooManyWriteOperations", ErrorCategory.LimitsExceeded, $"Dropbox is busy writing to this folder; {what} was not changed. Try again.{detail}");
        if (api.HasTag("no_write_permission") || api.HasTag("access_denied") || api.HasTag("no_permission") ||
            api.StatusCode == System.Net.HttpStatusCode.Forbidden)
            return ("PSDropbox.PermissionDenied", ErrorCategory.PermissionDenied, $"Permission denied for {what}.{detail}");
        if (api.Route == "files/download_zip" && (api.HasTag("too_large") || api.HasTag("too_many_files")))
            return (api.HasTag("too_large") ? "PSDropbox.ZipTooLarge" : "PSDropbox.TooManyFiles", ErrorCategory.LimitsExceeded,
                $"{what} is too big for one zip (Dropbox zips up to 20 GB in fewer than 10,000 files and folders). Download it with -Recurse instead of -AsZip.{detail}");
        if (api.HasTag("too_many_files"))
            return ("PSDropbox.TooManyFiles", ErrorCategory.LimitsExceeded, $"{what} holds more than 10,000 items, more than Dropbox copies or moves at once. Move its subfolders one by one.{detail}");
        if (api.HasTag("cant_move_folder_into_itself"))
            return ("PSDropbox.CantMoveIntoItself", ErrorCategory.InvalidArgument, $"{what} is a folder and the destination is inside it.{detail}");
        if (api.HasTag("duplicated_or_nested_paths"))
            return ("PSDropbox.DuplicatedOrNestedPaths", ErrorCategory.InvalidArgument, $"{what} is, or is inside, another item of the same batch; it was skipped.{detail}");
        if (api.HasTag("invalid_revision"))
            return ("PSDropbox.InvalidRevision", ErrorCategory.ObjectNotFound, $"The revision given for {what} does not exist.{detail}");
        if (api.HasTag("reset"))
            return ("PSDropbox.CursorReset", ErrorCategory.InvalidOperation, $"The cursor is no longer valid; list the folder again.{detail}");
        var text = api.UserMessage is { Length: > 0 } ? api.UserMessage : $"{api.Route} failed for {what}";
        return ("PSDropbox.ApiError", ErrorCategory.NotSpecified, text + detail);
    }

    // search_v2, thumbnails, temporary/shared links and copy references.
    private static (string, ErrorCategory, string)? ClassifyLinksAndSearch(DropboxApiException api, string what, string detail)
    {
        if (api.HasTag("invalid_argument"))
            return ("PSDropbox.InvalidArgument", ErrorCategory.InvalidArgument, $"Dropbox rejected the argument for {what}: {api.UserMessage ?? api.TagPath}.{detail}");
        if (api.HasTag("shared_link_already_exists"))
            return ("PSDropbox.SharedLinkExists", ErrorCategory.ResourceExists, $"{what} already has a shared link.{detail}");
        if (api.HasTag("shared_link_not_found"))
            return ("PSDropbox.SharedLinkNotFound", ErrorCategory.ObjectNotFound, $"The shared link {what} was not found (it may have been revoked).{detail}");
        if (api.HasTag("shared_link_malformed") || api.HasTag("unsupported_link_type"))
            return ("PSDropbox.MalformedSharedLink", ErrorCategory.InvalidArgument, $"{what} is not a shared link Dropbox can act on.{detail}");
        if (api.HasTag("shared_link_access_denied") || api.HasTag("not_authorized"))
            return ("PSDropbox.PermissionDenied", ErrorCategory.PermissionDenied, $"Permission denied for {what}.{detail}");
        if (api.HasTag("settings_error") || api.HasTag("invalid_settings"))
            return ("PSDropbox.InvalidSharedLinkSettings", ErrorCategory.InvalidArgument, $"The shared link settings for {what} are not valid (for example an expiry in the past).{detail}");
        if (api.HasTag("invalid_copy_reference"))
            return ("PSDropbox.InvalidCopyReference", ErrorCategory.InvalidArgument, $"The copy reference is not valid.{detail}");
        if (api.HasTag("unsupported_extension"))
            return ("PSDropbox.UnsupportedExtension", ErrorCategory.InvalidType, $"Dropbox makes no thumbnails for files like {what} (supported: jpg, jpeg, png, tiff, tif, gif, webp, ppm, bmp).{detail}");
        if (api.HasTag("unsupported_image") || api.HasTag("conversion_error"))
            return ("PSDropbox.UnsupportedImage", ErrorCategory.InvalidData, $"{what} could not be read as an image.{detail}");
        if (api.HasTag("unsupported_file"))
            return ("PSDropbox.UnsupportedFile", ErrorCategory.InvalidType, $"{what} cannot be downloaded directly.{detail}");
        return null;
    }
}
