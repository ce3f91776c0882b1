"""copy_v2, move_v2, their batches and /check, delete_batch (+ check), permanently_delete."""
import time

from dropbox import files

from lib.expect import api_error, equal, true
from lib.harness import step


def poll(check, job):
    for _ in range(400):
        status = check(job)
        if not status.is_in_progress():
            return status
        time.sleep(0.05)
    raise AssertionError("the job never completed")


@step("files/copy_v2: the copy has a new id, the source stays")
def copy(ctx):
    source = ctx.dbx.files_upload(b"copy me", ctx.path("Move", "a.txt"))
    result = ctx.dbx.files_copy_v2(ctx.path("Move", "a.txt"), ctx.path("Move", "b.txt"))
    true(isinstance(result.metadata, files.FileMetadata), "FileMetadata")
    true(result.metadata.id != source.id, "new id")
    ctx.dbx.files_get_metadata(ctx.path("Move", "a.txt"))


@step("files/copy_v2: onto an existing file is to/conflict/file")
def copy_conflict(ctx):
    api_error(lambda: ctx.dbx.files_copy_v2(ctx.path("Move", "a.txt"), ctx.path("Move", "b.txt")), "to", "conflict", "file")


@step("files/move_v2: a folder moves with its ids")
def move(ctx):
    folder = ctx.dbx.files_create_folder_v2(ctx.path("Move", "Dir")).metadata
    ctx.dbx.files_upload(b"in dir", ctx.path("Move", "Dir", "x.txt"))
    result = ctx.dbx.files_move_v2(ctx.path("Move", "Dir"), ctx.path("Move", "Moved"))
    equal(result.metadata.id, folder.id, "id kept")
    ctx.dbx.files_get_metadata(ctx.path("Move", "Moved", "x.txt"))


@step("files/move_v2: a missing source is from_lookup/not_found; into itself cant_move_folder_into_itself")
def move_errors(ctx):
    api_error(lambda: ctx.dbx.files_move_v2(ctx.path("Move", "nope"), ctx.path("Move", "x")), "from_lookup", "not_found")
    api_error(lambda: ctx.dbx.files_move_v2(ctx.path("Move", "Moved"), ctx.path("Move", "Moved", "In")), "cant_move_folder_into_itself")


@step("files/copy_batch_v2 + copy_batch/check_v2: each entry's result")
def copy_batch(ctx):
    launch = ctx.dbx.files_copy_batch_v2([files.RelocationArg(ctx.path("Move", "a.txt"), ctx.path("Move", "Batch", "a.txt")),
                                          files.RelocationArg(ctx.path("Move", "missing"), ctx.path("Move", "Batch", "m"))])
    status = launch if launch.is_complete() else poll(ctx.dbx.files_copy_batch_check_v2, launch.get_async_job_id())
    entries = status.get_complete().entries
    true(entries[0].is_success() and entries[0].get_success().name == "a.txt", "copied")
    failure = entries[1].get_failure()
    true(failure.is_relocation_error() and failure.get_relocation_error().get_from_lookup().is_not_found(), "relocation_error/from_lookup/not_found")


@step("files/move_batch_v2 + move_batch/check_v2: moves every entry")
def move_batch(ctx):
    launch = ctx.dbx.files_move_batch_v2([files.RelocationArg(ctx.path("Move", "Batch", "a.txt"), ctx.path("Move", "Batch2", "a.txt"))])
    status = launch if launch.is_complete() else poll(ctx.dbx.files_move_batch_check_v2, launch.get_async_job_id())
    true(status.get_complete().entries[0].is_success(), "moved")
    api_error(lambda: ctx.dbx.files_get_metadata(ctx.path("Move", "Batch", "a.txt")), "path", "not_found")


@step("files/delete_batch + delete_batch/check: success metadata and per-entry failures")
def delete_batch(ctx):
    launch = ctx.dbx.files_delete_batch([files.DeleteArg(ctx.path("Move", "b.txt")), files.DeleteArg(ctx.path("Move", "gone"))])
    status = launch if launch.is_complete() else poll(ctx.dbx.files_delete_batch_check, launch.get_async_job_id())
    entries = status.get_complete().entries
    equal(entries[0].get_success().metadata.name, "b.txt", "deleted")
    true(entries[1].get_failure().get_path_lookup().is_not_found(), "path_lookup/not_found")


@step("files/delete_batch/check: an unknown job is invalid_async_job_id")
def delete_batch_bad_job(ctx):
    api_error(lambda: ctx.dbx.files_delete_batch_check("dbjid:nope"), "invalid_async_job_id")


@step("files/permanently_delete: gone from include_deleted and from list_revisions")
def permanently_delete(ctx):
    ctx.dbx.files_upload(b"doomed", ctx.path("Move", "doomed.txt"))
    ctx.dbx.files_permanently_delete(ctx.path("Move", "doomed.txt"))
    api_error(lambda: ctx.dbx.files_get_metadata(ctx.path("Move", "doomed.txt"), include_deleted=True), "path", "not_found")
    api_error(lambda: ctx.dbx.files_list_revisions(ctx.path("Move", "doomed.txt")), "path", "not_found")
