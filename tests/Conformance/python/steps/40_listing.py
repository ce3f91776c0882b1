"""files/list_folder (+ continue), get_latest_cursor and longpoll (notify host)."""
import threading
import time

from dropbox import files

from lib.expect import api_error, equal, true
from lib.harness import step


@step("files/list_folder: the root is listed as \"\" and never appears as an entry")
def list_root(ctx):
    result = ctx.dbx.files_list_folder("")
    names = [e.name for e in result.entries]
    true("PySDK" in names, "the scenario's folder is at the root")
    true(all(e.path_lower for e in result.entries), "no empty path entry")


@step("files/list_folder: pages of `limit` entries, continued with the cursor")
def list_paging(ctx):
    for i in range(5):
        ctx.dbx.files_upload(b"%d" % i, ctx.path("List", "f%d.txt" % i))
    first = ctx.dbx.files_list_folder(ctx.path("List"), limit=2)
    seen = [e.name for e in first.entries]
    true(first.has_more, "has_more on the first page")
    cursor = first.cursor
    while True:
        page = ctx.dbx.files_list_folder_continue(cursor)
        seen += [e.name for e in page.entries]
        cursor = page.cursor
        if not page.has_more:
            break
    equal(sorted(seen), ["f%d.txt" % i for i in range(5)], "every entry once")
    ctx.state["list_cursor"] = cursor


@step("files/list_folder: recursive lists the folder itself first, then everything below")
def list_recursive(ctx):
    ctx.dbx.files_create_folder_v2(ctx.path("List", "Sub"))
    result = ctx.dbx.files_list_folder(ctx.path("List"), recursive=True)
    true(isinstance(result.entries[0], files.FolderMetadata), "a folder first")
    equal(result.entries[0].path_lower, ctx.path("List").lower(), "the folder itself")
    true(any(e.path_lower == ctx.path("List", "Sub").lower() for e in result.entries), "the sub folder")


@step("files/list_folder/continue: changes since a cursor, deletions as DeletedMetadata")
def continue_changes(ctx):
    ctx.dbx.files_delete_v2(ctx.path("List", "f0.txt"))
    ctx.dbx.files_upload(b"new", ctx.path("List", "f9.txt"))
    changes = ctx.dbx.files_list_folder_continue(ctx.state["list_cursor"])
    kinds = {e.name: type(e).__name__ for e in changes.entries}
    equal(kinds.get("f0.txt"), "DeletedMetadata", "the deletion")
    equal(kinds.get("f9.txt"), "FileMetadata", "the new file")


@step("files/list_folder: a file is path/not_folder, a missing folder path/not_found")
def list_errors(ctx):
    api_error(lambda: ctx.dbx.files_list_folder(ctx.path("List", "f1.txt")), "path", "not_folder")
    api_error(lambda: ctx.dbx.files_list_folder(ctx.path("List", "nope")), "path", "not_found")


@step("files/list_folder/get_latest_cursor: continue returns only later changes")
def latest_cursor(ctx):
    cursor = ctx.dbx.files_list_folder_get_latest_cursor(ctx.path("List")).cursor
    ctx.dbx.files_upload(b"later", ctx.path("List", "later.txt"))
    changes = ctx.dbx.files_list_folder_continue(cursor)
    equal([e.name for e in changes.entries], ["later.txt"], "just the later change")
    ctx.state["latest"] = changes.cursor


@step("files/list_folder/longpoll: changes=true when something changes during the wait")
def longpoll_change(ctx):
    ctx.admin("POST", "changes", {"longpoll_timeout_seconds": 10, "longpoll_jitter_seconds": 0})
    writer = threading.Timer(0.5, lambda: ctx.dbx.files_upload(b"poke", ctx.path("List", "poke.txt")))
    writer.start()
    started = time.monotonic()
    result = ctx.dbx.files_list_folder_longpoll(ctx.state["latest"], timeout=30)
    writer.join()
    true(result.changes, "changes")
    true(time.monotonic() - started < 9, "woken by the change, not the timeout")


@step("files/list_folder/longpoll: changes=false with backoff when nothing changes")
def longpoll_timeout(ctx):
    cursor = ctx.dbx.files_list_folder_get_latest_cursor(ctx.path("List")).cursor
    ctx.admin("POST", "changes", {"longpoll_timeout_seconds": 1, "longpoll_jitter_seconds": 0, "longpoll_backoff_seconds": 2})
    try:
        result = ctx.dbx.files_list_folder_longpoll(cursor, timeout=30)
    finally:
        ctx.admin("POST", "changes", {"longpoll_timeout_seconds": None, "longpoll_backoff_seconds": None, "longpoll_jitter_seconds": 0})
    equal(result.changes, False, "no changes")
    equal(result.backoff, 2, "backoff")


@step("files/list_folder/continue: a cursor older than the journal is reset")
def continue_reset(ctx):
    old = ctx.dbx.files_list_folder_get_latest_cursor(ctx.path("List")).cursor
    ctx.dbx.files_upload(b"x", ctx.path("List", "reset.txt"))
    ctx.admin("POST", "changes", {"journal_keep_rows": 0})
    try:
        api_error(lambda: ctx.dbx.files_list_folder_continue(old), "reset")
    finally:
        ctx.admin("POST", "changes", {"journal_keep_rows": None})
