using System.Management.Automation;
using System.Text.Json;
using PSDropbox.Client;
using PSDropbox.Client.Changes;
using PSDropbox.SignIn;
using PSDropbox.Transfers;
using PSDropbox.Transfers.Crypt;
using PSDropbox.Transfers.Sync;
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

    /// <summary>A connection object used after Disconnect-Dropbox closed it.</summary>
    public static ErrorRecord ClosedConnectionRecord(DropboxConnection connection)
    {
        var message = $"The connection {connection} was closed by Disconnect-Dropbox. Connect again with Connect-Dropbox.";
        return new ErrorRecord(new InvalidOperationException(message), NotConnected, ErrorCategory.AuthenticationError, connection)
        {
            ErrorDetails = new ErrorDetails(message),
        };
    }

    /// <summary>A delete guarded with -Rev found a different revision: the file changed since that revision was read.</summary>
    public static ErrorRecord RevisionMismatch(DropboxApiException e, object target, string rev)
    {
        var message = $"'{target}' was not deleted: it is no longer at revision {rev}. (Dropbox: {e.TagPath})";
        e.SetMessage(message);
        return new ErrorRecord(e, "PSDropbox.RevisionMismatch", ErrorCategory.InvalidOperation, target) { ErrorDetails = new ErrorDetails(message) };
    }

    /// <summary>
    /// A missing item in a Dropbox drive, reported as PowerShell's own providers report one (ItemNotFoundException,
    /// PathNotFound), naming <paramref name="path"/> as the user reads it (Dropbox:/a/b.txt).
    /// </summary>
    public static ErrorRecord ItemNotFound(string path) =>
        new(new ItemNotFoundException($"Cannot find path '{path}' because it does not exist."), "PathNotFound", ErrorCategory.ObjectNotFound, path);

    /// <summary>Shared link settings refused before any request (an expiry in the past, contradicting switches).</summary>
    public static ErrorRecord InvalidLinkSettings(string message, object? target) =>
        new(new ArgumentException(message), "PSDropbox.InvalidSharedLinkSettings", ErrorCategory.InvalidArgument, target)
        {
            ErrorDetails = new ErrorDetails(message),
        };

    /// <summary>Invoke-DropboxApi of a route that answers with file content, without -OutFile: nothing is sent.</summary>
    public static ErrorRecord OutFileRequired(string route)
    {
        var message = $"{route} answers with file content, which Invoke-DropboxApi writes to a file: add -OutFile <local path>. Nothing was sent.";
        return new ErrorRecord(new ArgumentException(message), "PSDropbox.OutFileRequired", ErrorCategory.InvalidArgument, route)
        {
            ErrorDetails = new ErrorDetails(message),
        };
    }

    /// <summary>
    /// A relocation error about the destination (RelocationError's "to", in a batch entry under "relocation_error"); any
    /// other is about the source.
    /// </summary>
    public static bool IsAboutDestination(Exception e) =>
        e is DropboxApiException api && api.Tags.SkipWhile(tag => tag == "relocation_error").FirstOrDefault() == "to";

    /// <summary>
    /// What a failure of Invoke-DropboxApi is about: for a Dropbox error, the path in the route's argument (path, or for a
    /// relocation from_path / to_path, whichever the error is about); the route itself when the argument names none.
    /// </summary>
    public static object RawCallTarget(Exception e, string route, string argumentJson)
    {
        if (e is not DropboxApiException) return route;
        try
        {
            using var document = JsonDocument.Parse(argumentJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return route;
            string? Member(string name) =>
                document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var path = IsAboutDestination(e) ? Member("to_path") ?? Member("from_path") : Member("from_path") ?? Member("to_path");
            return path ?? Member("path") ?? route;
        }
        catch (JsonException)
        {
            return route;
        }
    }

    /// <summary>
    /// Failures that concern one input item (a path that is missing, malformed, in conflict...). The cmdlet
    /// reports them with WriteError and goes on with the next item; anything else stops the command.
    /// </summary>
    public static bool IsPerItem(Exception e) =>
        e is DropboxApiException || e is DropboxBadRequestException || e is MalformedPathException ||
        e is IOException || e is UnauthorizedAccessException || e is WildcardNoMatchException || e is DecryptionFailedException ||
        e is CryptFolderNotFoundException || e is CryptFolderUnsupportedException;

    /// <summary>
    /// The record for <paramref name="e"/> about <paramref name="target"/>. The one rule for its text: the sentence built
    /// here is the record's message and, for Dropbox failures, the exception's Message too (the client's raw text stays in
    /// <see cref="DropboxException.Summary"/>, and <see cref="DropboxApiException.ErrorSummary"/>).
    /// </summary>
    public static ErrorRecord From(Exception e, object? target)
    {
        var (id, category, message) = Classify(e, target);
        if (e is DropboxException dropbox) dropbox.SetMessage(message);
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
            case WildcardNoMatchException noMatch:
                return ("PSDropbox.PathNotFound", ErrorCategory.ObjectNotFound, noMatch.Message);
            case MalformedPathException malformed:
                return ("PSDropbox.MalformedPath", ErrorCategory.InvalidArgument, malformed.Message);
            case DropboxBadRequestException bad:
                return ("PSDropbox.BadRequest", ErrorCategory.InvalidArgument, $"Dropbox rejected the request for {what}: {bad.Message}");
            case TeamAccessException team:
                return team.Problem switch
                {
                    TeamAccessProblem.NeedsMember => ("PSDropbox.TeamTokenNeedsMember", ErrorCategory.InvalidOperation, team.Message),
                    TeamAccessProblem.NotATeamToken => ("PSDropbox.NotATeamToken", ErrorCategory.InvalidOperation, team.Message),
                    _ => ("PSDropbox.NotTeamAdmin", ErrorCategory.PermissionDenied, team.Message),
                };
            case TeamMemberNotFoundException member:
                return ("PSDropbox.TeamMemberNotFound", ErrorCategory.ObjectNotFound, member.Message);
            case DropboxAuthException auth when auth.Tag == "invalid_select_user":
                return ("PSDropbox.TeamMemberNotFound", ErrorCategory.ObjectNotFound, auth.Message);
            case DropboxAuthException auth when auth.Tag == "invalid_select_admin":
                return ("PSDropbox.NotTeamAdmin", ErrorCategory.PermissionDenied, auth.Message);
            case DropboxAuthException auth when auth.Tag == "expired_access_token":
                return ("PSDropbox.TokenExpired", ErrorCategory.AuthenticationError, auth.Message);
            case DropboxAuthException auth:
                return ("PSDropbox.InvalidToken", ErrorCategory.AuthenticationError, auth.Message);
            case DropboxRateLimitException rate:
                return ("PSDropbox.RateLimited", ErrorCategory.LimitsExceeded, rate.Message);
            case DropboxProxyException proxy:
                return ("PSDropbox.ProxyAuthenticationRequired", ErrorCategory.AuthenticationError, proxy.Message);
            case DropboxTimeoutException timeout:
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
                    SignInFailure.NonInteractive => ("PSDropbox.NonInteractiveHost", ErrorCategory.InvalidOperation, signIn.Message),
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
            case SyncItemException { Item.Status: SyncStatus.Conflict } conflict:
                return ("PSDropbox.SyncConflict", ErrorCategory.ResourceExists, conflict.Message);
            case SyncItemException problem:
                return ("PSDropbox.SyncItemError", ErrorCategory.ReadError, problem.Message);
            case DeleteLimitExceededException limit:
                return ("PSDropbox.MaxDeleteExceeded", ErrorCategory.LimitsExceeded, limit.Message);
            case DecryptionFailedException decryption:
                return ("PSDropbox.DecryptionFailed", ErrorCategory.InvalidData, decryption.Message);
            case CryptFolderNotFoundException crypt:
                return ("PSDropbox.CryptFolderNotFound", ErrorCategory.ObjectNotFound, crypt.Message);
            case CryptFolderUnsupportedException unsupported:
                return ("PSDropbox.CryptFolderNotSupported", ErrorCategory.NotImplemented, unsupported.Message);
            case ContentHashMismatchException mismatch:
                return ("PSDropbox.ContentHashMismatch", ErrorCategory.InvalidResult, mismatch.Message);
            case DirectoryNeedsRecurseException folder:
                return ("PSDropbox.FolderNeedsRecurse", ErrorCategory.InvalidArgument, folder.Message);
            case LocalFileExistsException exists:
                return ("PSDropbox.LocalFileExists", ErrorCategory.ResourceExists, exists.Message);
            case UnsafeLocalNameException unsafeName:
                return ("PSDropbox.UnsafeLocalName", ErrorCategory.SecurityError, unsafeName.Message);
            case NotALocalFolderException notFolder:
                return ("PSDropbox.NotAFolder", ErrorCategory.InvalidType, notFolder.Message);
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
        if ((int)api.StatusCode == 422)
            return api.Tags.Contains("invalid_root")
                ? ("PSDropbox.PathRootChanged", ErrorCategory.InvalidOperation,
                    $"The root namespace of this account changed (it joined or left a team), so nothing was done for {what}. The connection now uses the new root for -PathRoot Root: run the command again if the paths still mean what you want.{detail}")
                : ("PSDropbox.PathRootNotAllowed", ErrorCategory.PermissionDenied, $"This account cannot use that namespace as its path root (-PathRoot).{detail}");
        var zip = api.Route == "files/download_zip";
        return api.Kind switch
        {
            DropboxErrorKind.InvalidArgument => ("PSDropbox.InvalidArgument", ErrorCategory.InvalidArgument, $"Dropbox rejected the argument for {what}: {Sentence.End(api.UserMessage ?? api.TagPath)}{detail}"),
            DropboxErrorKind.SharedLinkExists => ("PSDropbox.SharedLinkExists", ErrorCategory.ResourceExists, $"{what} already has a shared link.{detail}"),
            DropboxErrorKind.SharedLinkNotFound => ("PSDropbox.SharedLinkNotFound", ErrorCategory.ObjectNotFound, $"The shared link {what} was not found (it may have been revoked).{detail}"),
            DropboxErrorKind.MalformedSharedLink => ("PSDropbox.MalformedSharedLink", ErrorCategory.InvalidArgument, $"{what} is not a shared link Dropbox can act on.{detail}"),
            DropboxErrorKind.InvalidSharedLinkSettings => ("PSDropbox.InvalidSharedLinkSettings", ErrorCategory.InvalidArgument, $"The shared link settings for {what} are not valid (for example an expiry in the past).{detail}"),
            DropboxErrorKind.InvalidCopyReference => ("PSDropbox.InvalidCopyReference", ErrorCategory.InvalidArgument, $"The copy reference is not valid.{detail}"),
            DropboxErrorKind.UnsupportedExtension => ("PSDropbox.UnsupportedExtension", ErrorCategory.InvalidType, $"Dropbox makes no thumbnails for files like {what} (supported: jpg, jpeg, png, tiff, tif, gif, webp, ppm, bmp).{detail}"),
            DropboxErrorKind.UnsupportedImage => ("PSDropbox.UnsupportedImage", ErrorCategory.InvalidData, $"{what} could not be read as an image.{detail}"),
            DropboxErrorKind.UnsupportedFile => ("PSDropbox.UnsupportedFile", ErrorCategory.InvalidType, $"{what} cannot be downloaded as it is (a Google or Paper doc, say): Receive-DropboxFile exports it (-ExportFormat chooses the format).{detail}"),
            DropboxErrorKind.NotExportable => ("PSDropbox.NotExportable", ErrorCategory.InvalidType, $"{what} has nothing to export; download it instead.{detail}"),
            DropboxErrorKind.InvalidExportFormat => ("PSDropbox.InvalidExportFormat", ErrorCategory.InvalidArgument, $"{what} cannot be exported in that format; its ExportAs and ExportOptions (Get-DropboxItem) list the ones it can.{detail}"),
            DropboxErrorKind.NotFound => ("PSDropbox.PathNotFound", ErrorCategory.ObjectNotFound, $"{what} was not found in Dropbox.{detail}"),
            DropboxErrorKind.NotFile => ("PSDropbox.NotAFile", ErrorCategory.InvalidType, $"{what} is a folder, not a file.{detail}"),
            DropboxErrorKind.NotFolder => ("PSDropbox.NotAFolder", ErrorCategory.InvalidType, $"{what} is a file, not a folder.{detail}"),
            DropboxErrorKind.ParentIsFile => ("PSDropbox.ParentIsFile", ErrorCategory.ResourceExists, $"A parent of {what} is a file, so nothing can be created under it.{detail}"),
            DropboxErrorKind.Conflict => ("PSDropbox.Conflict", ErrorCategory.ResourceExists, $"{what} conflicts with an item that already exists.{detail}"),
            DropboxErrorKind.MalformedPath => ("PSDropbox.MalformedPath", ErrorCategory.InvalidArgument, $"{what} is not a valid Dropbox path.{detail}"),
            DropboxErrorKind.DisallowedName => ("PSDropbox.DisallowedName", ErrorCategory.InvalidArgument, $"{what} has a name Dropbox does not allow.{detail}"),
            DropboxErrorKind.InsufficientSpace => ("PSDropbox.InsufficientSpace", ErrorCategory.QuotaExceeded, $"There is not enough space in Dropbox for {what}.{detail}"),
            DropboxErrorKind.TooManyWriteOperations => ("PSDropbox.TooManyWriteOperations", ErrorCategory.LimitsExceeded, $"Dropbox is busy writing to this folder; {what} was not changed. Try again.{detail}"),
            DropboxErrorKind.PermissionDenied => ("PSDropbox.PermissionDenied", ErrorCategory.PermissionDenied, $"Permission denied for {what}.{detail}"),
            DropboxErrorKind.TooLarge when zip => ("PSDropbox.ZipTooLarge", ErrorCategory.LimitsExceeded, ZipTooBig(what, detail)),
            DropboxErrorKind.TooManyFiles when zip => ("PSDropbox.TooManyFiles", ErrorCategory.LimitsExceeded, ZipTooBig(what, detail)),
            DropboxErrorKind.TooManyFiles => ("PSDropbox.TooManyFiles", ErrorCategory.LimitsExceeded, $"{what} holds more than 10,000 items, more than Dropbox copies or moves at once. Move its subfolders one by one.{detail}"),
            DropboxErrorKind.CantMoveIntoItself => ("PSDropbox.CantMoveIntoItself", ErrorCategory.InvalidArgument, $"{what} is a folder and the destination is inside it.{detail}"),
            DropboxErrorKind.DuplicatedOrNestedPaths => ("PSDropbox.DuplicatedOrNestedPaths", ErrorCategory.InvalidArgument, $"{what} is, or is inside, another item of the same batch; it was skipped.{detail}"),
            DropboxErrorKind.InvalidRevision => ("PSDropbox.InvalidRevision", ErrorCategory.ObjectNotFound, $"The revision given for {what} does not exist.{detail}"),
            DropboxErrorKind.CursorReset => ("PSDropbox.CursorReset", ErrorCategory.InvalidOperation, $"The cursor is no longer valid; list the folder again.{detail}"),
            _ => ("PSDropbox.ApiError", ErrorCategory.NotSpecified, (api.UserMessage is { Length: > 0 } ? api.UserMessage : $"{api.Route} failed for {what}") + detail),
        };
    }

    private static string ZipTooBig(string what, string detail) =>
        $"{what} is too big for one zip (Dropbox zips up to 20 GB in fewer than 10,000 files and folders). Download it with -Recurse instead of -AsZip.{detail}";
}
