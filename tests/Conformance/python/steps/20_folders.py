"""Folders: create_folder_v2, create_folder_batch (+ check), get_metadata, delete_v2."""
import time

from dropbox import files

from lib.expect import api_error, equal, true
from lib.harness import step


@step("files/create_folder_v2: FolderMetadata with the name as given")
def create_folder(ctx):
    result = ctx.dbx.files_create_folder_v2(ctx.path("Folders", "Made Here"))
    true(isinstance(result.metadata, files.FolderMetadata), "FolderMetadata")
    equal(result.metadata.path_display, ctx.path("Folders", "Made Here"), "path_display")
    equal(result.metadata.path_lower, ctx.path("Folders", "Made Here").lower(), "path_lower")


@step("files/create_folder_v2: an existing folder is path/conflict/folder; autorename adds (1)")
def create_folder_conflict(ctx):
    api_error(lambda: ctx.dbx.files_create_folder_v2(ctx.path("Folders", "Made Here")), "path", "conflict", "folder")
    renamed = ctx.dbx.files_create_folder_v2(ctx.path("Folders", "Made Here"), autorename=True)
    equal(renamed.metadata.name, "Made Here (1)", "autorenamed name")


@step("files/create_folder_batch: completes at once, one entry per path, failures alone")
def create_folder_batch(ctx):
    launch = ctx.dbx.files_create_folder_batch([ctx.path("Folders", "B1"), ctx.path("Folders", "Made Here"), ctx.path("Folders", "B2")])
    true(launch.is_complete(), "complete at once")
    entries = launch.get_complete().entries
    equal(len(entries), 3, "entries")
    true(entries[0].is_success() and entries[2].is_success(), "new folders succeed")
    equal(entries[0].get_success().metadata.name, "B1", "first name")
    true(entries[1].is_failure(), "existing folder fails")
    equal(entries[1].get_failure().get_path().get_conflict().is_folder(), True, "path/conflict/folder")


@step("files/create_folder_batch/check: force_async launches a job that completes")
def create_folder_batch_async(ctx):
    launch = ctx.dbx.files_create_folder_batch([ctx.path("Folders", "Async")], force_async=True)
    true(launch.is_async_job_id(), "async_job_id")
    job = launch.get_async_job_id()
    for _ in range(200):
        status = ctx.dbx.files_create_folder_batch_check(job)
        if status.is_complete():
            equal(status.get_complete().entries[0].get_success().metadata.name, "Async", "created")
            return
        true(status.is_in_progress(), "in_progress until complete")
        time.sleep(0.05)
    raise AssertionError("the job never completed")


@step("files/get_metadata: a folder is FolderMetadata, case-insensitive lookup")
def get_metadata_folder(ctx):
    meta = ctx.dbx.files_get_metadata(ctx.path("FOLDERS", "made here"))
    true(isinstance(meta, files.FolderMetadata), "FolderMetadata")
    equal(meta.path_display, ctx.path("Folders", "Made Here"), "stored casing")


@step("files/get_metadata: a missing path is path/not_found")
def get_metadata_missing(ctx):
    api_error(lambda: ctx.dbx.files_get_metadata(ctx.path("nothing", "here")), "path", "not_found")


@step("files/delete_v2: returns the metadata as it was; include_deleted then gives DeletedMetadata")
def delete(ctx):
    result = ctx.dbx.files_delete_v2(ctx.path("Folders", "B2"))
    true(isinstance(result.metadata, files.FolderMetadata), "FolderMetadata of what was deleted")
    deleted = ctx.dbx.files_get_metadata(ctx.path("Folders", "B2"), include_deleted=True)
    true(isinstance(deleted, files.DeletedMetadata), "DeletedMetadata")


@step("files/delete_v2: a missing path is path_lookup/not_found")
def delete_missing(ctx):
    api_error(lambda: ctx.dbx.files_delete_v2(ctx.path("Folders", "B2")), "path_lookup", "not_found")
