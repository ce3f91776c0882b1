"""files/list_revisions, files/restore, files/search_v2 (+ continue_v2)."""
from dropbox import files

from lib.expect import api_error, equal, true
from lib.harness import step


@step("files/list_revisions: the versions newest first")
def list_revisions(ctx):
    result = ctx.dbx.files_list_revisions(ctx.path("Up", "hello.txt"), limit=10)
    revs = [e.rev for e in result.entries]
    equal(revs[:3], list(reversed(ctx.state["revs"])), "newest first")
    equal(result.is_deleted, False, "is_deleted")


@step("files/list_revisions: by id follows the file")
def list_revisions_by_id(ctx):
    file_id = ctx.dbx.files_get_metadata(ctx.path("Up", "hello.txt")).id
    result = ctx.dbx.files_list_revisions(file_id, mode=files.ListRevisionsMode.id)
    true(len(result.entries) >= 3, "every version")


@step("files/restore: an old rev comes back as a new version")
def restore(ctx):
    restored = ctx.dbx.files_restore(ctx.path("Up", "hello.txt"), ctx.state["revs"][0])
    true(restored.rev not in ctx.state["revs"], "a new rev")
    _, response = ctx.dbx.files_download(ctx.path("Up", "hello.txt"))
    equal(response.content, b"Hello from the official Python SDK\n", "the old content")


@step("files/restore: an unknown rev is invalid_revision")
def restore_error(ctx):
    api_error(lambda: ctx.dbx.files_restore(ctx.path("Up", "hello.txt"), "0123456789abcdef"), "invalid_revision")


@step("files/search_v2: matches by name with their metadata, paged")
def search(ctx):
    for i in range(3):
        ctx.dbx.files_upload(b"needle %d" % i, ctx.path("Search", "needle%d.txt" % i))
    result = ctx.dbx.files_search_v2("needle", options=files.SearchOptions(path=ctx.path("Search"), max_results=2))
    equal(len(result.matches), 2, "a page of 2")
    true(result.has_more, "has_more")
    first = result.matches[0].metadata.get_metadata()
    true(isinstance(first, files.FileMetadata) and first.name.startswith("needle"), "file metadata")
    ctx.state["search_cursor"] = result.cursor


@step("files/search/continue_v2: the next page from the cursor")
def search_continue(ctx):
    result = ctx.dbx.files_search_continue_v2(ctx.state["search_cursor"])
    equal(len(result.matches), 1, "the last match")
    equal(result.has_more, False, "no more")


@step("files/search_v2: a missing scope is path/not_found")
def search_error(ctx):
    api_error(lambda: ctx.dbx.files_search_v2("x", options=files.SearchOptions(path=ctx.path("nowhere"))), "path", "not_found")
