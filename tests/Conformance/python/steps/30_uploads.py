"""files/upload and upload sessions (start, start_batch, append_v2, finish, finish_batch_v2)."""
from dropbox import files

from lib.expect import api_error, content_hash, equal, true
from lib.harness import step

HELLO = b"Hello from the official Python SDK\n"


@step("files/upload: FileMetadata with the Dropbox content_hash and client_modified kept")
def upload(ctx):
    import datetime
    when = datetime.datetime(2024, 2, 29, 12, 34, 56)
    meta = ctx.dbx.files_upload(HELLO, ctx.path("Up", "hello.txt"), client_modified=when)
    true(isinstance(meta, files.FileMetadata), "FileMetadata")
    equal(meta.size, len(HELLO), "size")
    equal(meta.content_hash, content_hash(HELLO), "content_hash")
    equal(meta.client_modified, when, "client_modified")
    true(meta.is_downloadable, "is_downloadable")
    ctx.state["hello_rev"] = meta.rev


@step("files/upload: a matching content_hash is accepted, a wrong one is content_hash_mismatch")
def upload_hash(ctx):
    ctx.dbx.files_upload(b"hashed", ctx.path("Up", "hashed.txt"), content_hash=content_hash(b"hashed"))
    api_error(lambda: ctx.dbx.files_upload(b"other", ctx.path("Up", "bad.txt"), content_hash=content_hash(b"hashed")), "content_hash_mismatch")


@step("files/upload: add onto different content is path/conflict/file with the UploadWriteFailed upload_session_id")
def upload_conflict(ctx):
    error = api_error(lambda: ctx.dbx.files_upload(b"different", ctx.path("Up", "hello.txt")), "path", "conflict", "file")
    failed = error.get_path()
    true(failed.reason.get_conflict().is_file(), "reason conflict/file")
    true(failed.upload_session_id.startswith("pid_upload_session:"), "upload_session_id")
    ctx.state["refused_session"] = failed.upload_session_id


@step("files/upload_session/finish: the session of a refused upload finishes elsewhere")
def finish_refused(ctx):
    cursor = files.UploadSessionCursor(ctx.state["refused_session"], len(b"different"))
    meta = ctx.dbx.files_upload_session_finish(b"", cursor, files.CommitInfo(ctx.path("Up", "kept.txt")))
    equal(meta.size, len(b"different"), "the refused bytes")


@step("files/upload: identical content is a no-op keeping the rev; strict_conflict refuses it")
def upload_identical(ctx):
    again = ctx.dbx.files_upload(HELLO, ctx.path("Up", "hello.txt"))
    equal(again.rev, ctx.state["hello_rev"], "same rev")
    api_error(lambda: ctx.dbx.files_upload(HELLO, ctx.path("Up", "hello.txt"), strict_conflict=True), "path", "conflict", "file")


@step("files/upload: overwrite replaces keeping the id; update with a stale rev conflicts")
def upload_overwrite_update(ctx):
    first = ctx.dbx.files_get_metadata(ctx.path("Up", "hello.txt"))
    second = ctx.dbx.files_upload(b"v2", ctx.path("Up", "hello.txt"), mode=files.WriteMode.overwrite)
    equal(second.id, first.id, "id kept")
    third = ctx.dbx.files_upload(b"v3", ctx.path("Up", "hello.txt"), mode=files.WriteMode.update(second.rev))
    true(third.rev != second.rev, "new rev")
    api_error(lambda: ctx.dbx.files_upload(b"v4", ctx.path("Up", "hello.txt"), mode=files.WriteMode.update(second.rev)), "path", "conflict", "file")
    ctx.state["revs"] = [first.rev, second.rev, third.rev]


@step("files/upload: autorename writes 'name (1).ext' instead of conflicting")
def upload_autorename(ctx):
    meta = ctx.dbx.files_upload(b"other", ctx.path("Up", "hello.txt"), autorename=True)
    equal(meta.name, "hello (1).txt", "autorenamed")


@step("files/upload: a file in the parent chain is path/conflict/file_ancestor")
def upload_file_ancestor(ctx):
    api_error(lambda: ctx.dbx.files_upload(b"x", ctx.path("Up", "hello.txt", "inside.txt")), "path", "conflict", "file_ancestor")


@step("files/upload_session/start: a session id for the first chunk")
def session_start(ctx):
    result = ctx.dbx.files_upload_session_start(b"0123456789")
    true(result.session_id.startswith("pid_upload_session:"), "session_id")
    ctx.state["session"] = result.session_id


@step("files/upload_session/append_v2: appends at the offset; a wrong offset is incorrect_offset with the right one")
def session_append(ctx):
    ctx.dbx.files_upload_session_append_v2(b"abcdefghij", files.UploadSessionCursor(ctx.state["session"], 10))
    error = api_error(lambda: ctx.dbx.files_upload_session_append_v2(b"zz", files.UploadSessionCursor(ctx.state["session"], 5)), "incorrect_offset")
    equal(error.get_incorrect_offset().correct_offset, 20, "correct_offset")


@step("files/upload_session/finish: commits every byte in order")
def session_finish(ctx):
    meta = ctx.dbx.files_upload_session_finish(b"!", files.UploadSessionCursor(ctx.state["session"], 20), files.CommitInfo(ctx.path("Up", "session.bin")))
    equal(meta.size, 21, "size")
    equal(meta.content_hash, content_hash(b"0123456789abcdefghij!"), "content_hash of all the bytes")


@step("files/upload_session/append_v2: an unknown or finished session is not_found")
def session_not_found(ctx):
    api_error(lambda: ctx.dbx.files_upload_session_append_v2(b"x", files.UploadSessionCursor(ctx.state["session"], 21)), "not_found")


@step("files/upload_session/start_batch: that many empty sessions")
def start_batch(ctx):
    result = ctx.dbx.files_upload_session_start_batch(3)
    equal(len(set(result.session_ids)), 3, "three sessions")
    ctx.state["batch_sessions"] = result.session_ids


@step("files/upload_session/append_v2: close=true on each batch session")
def batch_append(ctx):
    for i, session in enumerate(ctx.state["batch_sessions"]):
        ctx.dbx.files_upload_session_append_v2(("file %d" % i).encode(), files.UploadSessionCursor(session, 0), close=True)


@step("files/upload_session/finish_batch_v2: success entries with FileMetadata, in order")
def finish_batch(ctx):
    entries = [files.UploadSessionFinishArg(files.UploadSessionCursor(s, 6), files.CommitInfo(ctx.path("Up", "Batch", "f%d.txt" % i)))
               for i, s in enumerate(ctx.state["batch_sessions"])]
    result = ctx.dbx.files_upload_session_finish_batch_v2(entries)
    equal(len(result.entries), 3, "entries")
    for i, entry in enumerate(result.entries):
        true(entry.is_success(), "entry %d succeeds" % i)
        equal(entry.get_success().name, "f%d.txt" % i, "name")


@step("files/upload_session/finish_batch_v2: an open session fails alone with lookup_failed/not_closed")
def finish_batch_not_closed(ctx):
    open_session = ctx.dbx.files_upload_session_start(b"open").session_id
    result = ctx.dbx.files_upload_session_finish_batch_v2(
        [files.UploadSessionFinishArg(files.UploadSessionCursor(open_session, 4), files.CommitInfo(ctx.path("Up", "open.txt")))])
    failure = result.entries[0].get_failure()
    true(failure.is_lookup_failed() and failure.get_lookup_failed().is_not_closed(), "lookup_failed/not_closed")


@step("files/upload_session/start: a concurrent session takes 4 MiB-aligned parts in any order")
def concurrent_session(ctx):
    block = 4 * 1024 * 1024
    data = bytes(range(256)) * (block // 256) * 2 + b"tail"
    session = ctx.dbx.files_upload_session_start(b"", session_type=files.UploadSessionType.concurrent).session_id
    ctx.dbx.files_upload_session_append_v2(data[block:2 * block], files.UploadSessionCursor(session, block))
    ctx.dbx.files_upload_session_append_v2(data[2 * block:], files.UploadSessionCursor(session, 2 * block), close=True)
    ctx.dbx.files_upload_session_append_v2(data[:block], files.UploadSessionCursor(session, 0))
    meta = ctx.dbx.files_upload_session_finish(b"", files.UploadSessionCursor(session, len(data)), files.CommitInfo(ctx.path("Up", "concurrent.bin")))
    equal(meta.content_hash, content_hash(data), "content_hash of the joined parts")
