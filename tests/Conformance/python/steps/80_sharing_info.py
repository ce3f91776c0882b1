"""Shared folders (POST /_emulator/shared_folders): sharing_info, and read-only folders refusing writes."""
from dropbox import file_properties, files

from lib.expect import api_error, equal, true
from lib.harness import step


@step("files/get_metadata: items in a shared folder carry sharing_info")
def sharing_info(ctx):
    ctx.dbx.files_upload(b"team file", ctx.path("Team", "plan.txt"))
    shared = ctx.admin("POST", "shared_folders", {"path": ctx.path("Team"), "read_only": False})
    folder = ctx.dbx.files_get_metadata(ctx.path("Team"))
    equal(folder.sharing_info.shared_folder_id, shared["shared_folder_id"], "the folder's shared_folder_id")
    file = ctx.dbx.files_get_metadata(ctx.path("Team", "plan.txt"))
    equal((file.sharing_info.parent_shared_folder_id, file.sharing_info.read_only, file.sharing_info.modified_by),
          (shared["shared_folder_id"], False, ctx.state["account_id"]), "FileSharingInfo")


@step("files/upload: into a read-only shared folder is path/no_write_permission")
def read_only_upload(ctx):
    ctx.admin("POST", "shared_folders", {"path": ctx.path("Team"), "read_only": True})
    error = api_error(lambda: ctx.dbx.files_upload(b"nope", ctx.path("Team", "new.txt")), "path")
    true(error.get_path().reason.is_no_write_permission(), "reason no_write_permission")


@step("files/delete_v2: in a read-only shared folder is path_write/no_write_permission")
def read_only_delete(ctx):
    api_error(lambda: ctx.dbx.files_delete_v2(ctx.path("Team", "plan.txt")), "path_write", "no_write_permission")


@step("files/move_v2: out of a read-only shared folder is from_write/no_write_permission")
def read_only_move(ctx):
    api_error(lambda: ctx.dbx.files_move_v2(ctx.path("Team", "plan.txt"), ctx.path("out.txt")), "from_write", "no_write_permission")
    ctx.admin("POST", "shared_folders", {"path": ctx.path("Team"), "read_only": False})
    ctx.dbx.files_upload(b"writable again", ctx.path("Team", "new.txt"))


@step("files/get_metadata: include_property_groups and include_has_explicit_shared_members")
def property_groups(ctx):
    meta = ctx.dbx.files_get_metadata(ctx.path("Team", "plan.txt"), include_has_explicit_shared_members=True,
                                      include_property_groups=file_properties.TemplateFilterBase.filter_some(["ptid:1a5n2i6d3OYEAAAAAAAAAYa"]))
    equal((meta.property_groups, meta.has_explicit_shared_members), ([], False), "no properties, no explicit members")
