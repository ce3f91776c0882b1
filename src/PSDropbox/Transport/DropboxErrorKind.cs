using System.Net;
using PSDropbox.Transport;

namespace PSDropbox;

/// <summary>
/// What went wrong, in the terms a caller decides on: every DropboxException has one (its Kind), so that code tests a
/// kind, never an error tag string. Route errors get theirs from Dropbox's tag path (see <see cref="DropboxErrorKinds"/>).
/// </summary>
public enum DropboxErrorKind
{
    /// <summary>No kind of its own: read the message (and, for a route error, its tags).</summary>
    Other,

    // Transient: waiting and trying again can help (RetryPolicy.IsTransient).
    /// <summary>The server could not be reached, or the connection broke.</summary>
    ConnectionFailed,
    /// <summary>Nothing arrived (or could be sent) for as long as a timeout allows.</summary>
    Timeout,
    /// <summary>HTTP 429: too many requests or too many write operations.</summary>
    RateLimited,
    /// <summary>HTTP 5xx (or 408).</summary>
    ServerError,
    /// <summary>409 too_many_write_operations: another write to the same folder was in progress; nothing was written.</summary>
    TooManyWriteOperations,

    // The request or the credentials.
    /// <summary>HTTP 400: Dropbox rejected the request itself.</summary>
    BadRequest,
    /// <summary>HTTP 401 other than an expired token: invalid or revoked token, missing scope, suspended account.</summary>
    AuthenticationFailed,
    /// <summary>HTTP 401 expired_access_token.</summary>
    TokenExpired,
    /// <summary>An answer the client cannot use (an unexpected status, a missing result).</summary>
    UnexpectedAnswer,
    /// <summary>HTTP 407: the proxy wants credentials it did not get (or refused the ones it got).</summary>
    ProxyAuthenticationRequired,

    // Route errors (409, 403), from the error's tags.
    NotFound,
    NotFile,
    NotFolder,
    /// <summary>A parent of the path is a file (conflict/file_ancestor).</summary>
    ParentIsFile,
    /// <summary>Something already exists at the path (conflict/file, conflict/folder).</summary>
    Conflict,
    MalformedPath,
    DisallowedName,
    InsufficientSpace,
    PermissionDenied,
    TooLarge,
    TooManyFiles,
    CantMoveIntoItself,
    DuplicatedOrNestedPaths,
    InvalidRevision,
    /// <summary>A list_folder cursor Dropbox no longer accepts (reset).</summary>
    CursorReset,
    /// <summary>An upload session is at another offset than the request said (incorrect_offset; the error carries correct_offset).</summary>
    IncorrectOffset,
    InvalidArgument,
    SharedLinkExists,
    SharedLinkNotFound,
    MalformedSharedLink,
    InvalidSharedLinkSettings,
    InvalidCopyReference,
    UnsupportedExtension,
    UnsupportedImage,
    UnsupportedFile,
    /// <summary>files/export: the file has nothing to export (download it instead).</summary>
    NotExportable,
    /// <summary>files/export: the file cannot be exported in that format (see its ExportOptions).</summary>
    InvalidExportFormat,
}

/// <summary>The one place that reads Dropbox's error tags (and statuses) into a <see cref="DropboxErrorKind"/>.</summary>
public static class DropboxErrorKinds
{
    // In order: the first tag found decides (e.g. shared_link_not_found before a nested not_found, file_ancestor before conflict).
    private static readonly (string Tag, DropboxErrorKind Kind)[] ByTag =
    {
        ("invalid_argument", DropboxErrorKind.InvalidArgument),
        ("shared_link_already_exists", DropboxErrorKind.SharedLinkExists),
        ("shared_link_not_found", DropboxErrorKind.SharedLinkNotFound),
        ("shared_link_malformed", DropboxErrorKind.MalformedSharedLink),
        ("unsupported_link_type", DropboxErrorKind.MalformedSharedLink),
        ("shared_link_access_denied", DropboxErrorKind.PermissionDenied),
        ("not_authorized", DropboxErrorKind.PermissionDenied),
        ("settings_error", DropboxErrorKind.InvalidSharedLinkSettings),
        ("invalid_settings", DropboxErrorKind.InvalidSharedLinkSettings),
        ("invalid_copy_reference", DropboxErrorKind.InvalidCopyReference),
        ("unsupported_extension", DropboxErrorKind.UnsupportedExtension),
        ("unsupported_image", DropboxErrorKind.UnsupportedImage),
        ("conversion_error", DropboxErrorKind.UnsupportedImage),
        ("unsupported_file", DropboxErrorKind.UnsupportedFile),
        ("non_exportable", DropboxErrorKind.NotExportable),
        ("invalid_export_format", DropboxErrorKind.InvalidExportFormat),
        ("incorrect_offset", DropboxErrorKind.IncorrectOffset),
        ("not_found", DropboxErrorKind.NotFound),
        ("not_file", DropboxErrorKind.NotFile),
        ("not_folder", DropboxErrorKind.NotFolder),
        ("file_ancestor", DropboxErrorKind.ParentIsFile),
        ("conflict", DropboxErrorKind.Conflict),
        ("malformed_path", DropboxErrorKind.MalformedPath),
        ("disallowed_name", DropboxErrorKind.DisallowedName),
        ("insufficient_space", DropboxErrorKind.InsufficientSpace),
        ("insufficient_quota", DropboxErrorKind.InsufficientSpace),
        ("too_many_write_operations", DropboxErrorKind.TooManyWriteOperations),
        ("no_write_permission", DropboxErrorKind.PermissionDenied),
        ("access_denied", DropboxErrorKind.PermissionDenied),
        ("no_permission", DropboxErrorKind.PermissionDenied),
        ("too_large", DropboxErrorKind.TooLarge),
        ("too_many_files", DropboxErrorKind.TooManyFiles),
        ("cant_move_folder_into_itself", DropboxErrorKind.CantMoveIntoItself),
        ("duplicated_or_nested_paths", DropboxErrorKind.DuplicatedOrNestedPaths),
        ("invalid_revision", DropboxErrorKind.InvalidRevision),
        ("reset", DropboxErrorKind.CursorReset),
    };

    /// <summary>The kind of a route error (409, 403...) with these tags, outer to inner.</summary>
    public static DropboxErrorKind FromTags(IReadOnlyList<string> tags, HttpStatusCode status)
    {
        foreach (var (tag, kind) in ByTag)
        {
            if (tags.Contains(tag)) return kind;
        }
        return status == HttpStatusCode.Forbidden ? DropboxErrorKind.PermissionDenied : DropboxErrorKind.Other;
    }

    /// <summary>The kind of an HTTP status that is not a route error (400, 401, 429, 5xx...).</summary>
    public static DropboxErrorKind FromStatus(HttpStatusCode status) => (int)status switch
    {
        400 => DropboxErrorKind.BadRequest,
        401 => DropboxErrorKind.AuthenticationFailed,
        407 => DropboxErrorKind.ProxyAuthenticationRequired,
        429 => DropboxErrorKind.RateLimited,
        _ => RetryPolicy.IsTransientStatus(status) ? DropboxErrorKind.ServerError : DropboxErrorKind.UnexpectedAnswer,
    };
}
