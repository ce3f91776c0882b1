"""Routes the spec marks deprecated that SDK methods still call (files_create_folder, files_copy, files_move,
files_delete, files_upload_session_append): same behaviour, the older result shapes."""
from dropbox import files

from lib.expect import api_error, equal, true
from lib.harness import step


@step("files/create_folder (deprecated): FolderMetadata itself")
def create_folder_v1(ctx):
    folder = ctx.dbx.files_create_folder(ctx.path("Old", "Dir"))
    true(isinstance(folder, files.FolderMetadata), "FolderMetadata")
    api_error(lambda: ctx.dbx.files_create_folder(ctx.path("Old", "Dir")), "path", "conflict", "folder")


@step("files/copy and files/move (deprecated): the Metadata itself")
def copy_move_v1(ctx):
    ctx.dbx.files_upload(b"old routes", ctx.path("Old", "a.txt"))
    copied = ctx.dbx.files_copy(ctx.path("Old", "a.txt"), ctx.path("Old", "b.txt"))
    true(isinstance(copied, files.FileMetadata), "FileMetadata")
    moved = ctx.dbx.files_move(ctx.path("Old", "b.txt"), ctx.path("Old", "Dir", "b.txt"))
    equal(moved.path_display, ctx.path("Old", "Dir", "b.txt"), "moved")
    api_error(lambda: ctx.dbx.files_copy(ctx.path("Old", "nope"), ctx.path("Old", "c.txt")), "from_lookup", "not_found")


@step("files/delete (deprecated): the Metadata as it was")
def delete_v1(ctx):
    deleted = ctx.dbx.files_delete(ctx.path("Old", "a.txt"))
    equal(deleted.name, "a.txt", "FileMetadata")
    api_error(lambda: ctx.dbx.files_delete(ctx.path("Old", "a.txt")), "path_lookup", "not_found")


@step("files/upload_session/append (deprecated): appends at the offset")
def append_v1(ctx):
    session = ctx.dbx.files_upload_session_start(b"abc").session_id
    ctx.dbx.files_upload_session_append(b"def", session, 3)
    error = api_error(lambda: ctx.dbx.files_upload_session_append(b"x", session, 1), "incorrect_offset")
    equal(error.get_incorrect_offset().correct_offset, 6, "correct_offset")
    meta = ctx.dbx.files_upload_session_finish(b"", files.UploadSessionCursor(session, 6), files.CommitInfo(ctx.path("Old", "appended.txt")))
    equal(meta.size, 6, "size")
