"""Shared links (sharing/*) and copy references between two accounts."""
import datetime

from dropbox import files, sharing

from lib.expect import api_error, equal, true
from lib.harness import step


@step("sharing/create_shared_link_with_settings: FileLinkMetadata with link_permissions")
def create_link(ctx):
    ctx.dbx.files_upload(b"shared bytes", ctx.path("Links", "doc.txt"))
    link = ctx.dbx.sharing_create_shared_link_with_settings(ctx.path("Links", "doc.txt"))
    true(isinstance(link, sharing.FileLinkMetadata), "FileLinkMetadata")
    equal(link.path_lower, ctx.path("Links", "doc.txt").lower(), "path_lower")
    true(link.link_permissions.can_revoke, "the owner can revoke")
    ctx.state["link"] = link.url


@step("sharing/create_shared_link_with_settings: again is shared_link_already_exists with the link")
def create_link_again(ctx):
    error = api_error(lambda: ctx.dbx.sharing_create_shared_link_with_settings(ctx.path("Links", "doc.txt")), "shared_link_already_exists")
    equal(error.get_shared_link_already_exists().get_metadata().url, ctx.state["link"], "the existing link")


@step("sharing/create_shared_link_with_settings: a folder link, password-protected")
def create_folder_link(ctx):
    ctx.dbx.files_upload(b"in the folder", ctx.path("Links", "Dir", "inner.txt"))
    link = ctx.dbx.sharing_create_shared_link_with_settings(ctx.path("Links", "Dir"), sharing.SharedLinkSettings(require_password=True, link_password="open sesame"))
    true(isinstance(link, sharing.FolderLinkMetadata), "FolderLinkMetadata")
    equal(link.link_permissions.require_password, True, "require_password")
    ctx.state["folder_link"] = link.url


@step("sharing/list_shared_links: the account's links; direct_only by path")
def list_links(ctx):
    every = ctx.dbx.sharing_list_shared_links()
    urls = [l.url for l in every.links]
    true(ctx.state["link"] in urls and ctx.state["folder_link"] in urls, "both links")
    direct = ctx.dbx.sharing_list_shared_links(path=ctx.path("Links", "doc.txt"), direct_only=True)
    equal([l.url for l in direct.links], [ctx.state["link"]], "just the file's link")


@step("sharing/modify_shared_link_settings: expiry and no downloads, then back")
def modify_link(ctx):
    expires = datetime.datetime(2099, 1, 2, 3, 4, 5)
    changed = ctx.dbx.sharing_modify_shared_link_settings(ctx.state["link"], sharing.SharedLinkSettings(expires=expires, allow_download=False))
    equal((changed.expires, changed.link_permissions.allow_download), (expires, False), "changed settings")
    back = ctx.dbx.sharing_modify_shared_link_settings(ctx.state["link"], sharing.SharedLinkSettings(allow_download=True), remove_expiration=True)
    equal((back.expires, back.link_permissions.allow_download), (None, True), "expiry removed, downloads allowed")


@step("sharing/modify_shared_link_settings: another account's link is shared_link_access_denied")
def modify_link_denied(ctx):
    api_error(lambda: ctx.dbx2.sharing_modify_shared_link_settings(ctx.state["link"], sharing.SharedLinkSettings(allow_download=False)),
              "shared_link_access_denied")


@step("sharing/get_shared_link_metadata: another account sees the link without its path")
def link_metadata_other(ctx):
    link = ctx.dbx2.sharing_get_shared_link_metadata(ctx.state["link"])
    equal((link.name, link.path_lower), ("doc.txt", None), "name, no path_lower")
    equal(link.link_permissions.can_revoke, False, "cannot revoke")


@step("sharing/get_shared_link_metadata: a folder link's item by path, with the link password")
def link_metadata_path(ctx):
    api_error(lambda: ctx.dbx2.sharing_get_shared_link_metadata(ctx.state["folder_link"], path="/inner.txt"), "shared_link_access_denied")
    inner = ctx.dbx2.sharing_get_shared_link_metadata(ctx.state["folder_link"], path="/inner.txt", link_password="open sesame")
    true(isinstance(inner, sharing.FileLinkMetadata), "the file inside")
    equal(inner.size, len(b"in the folder"), "size")


@step("sharing/get_shared_link_file: the file's bytes and its link metadata")
def link_file(ctx):
    meta, response = ctx.dbx2.sharing_get_shared_link_file(ctx.state["link"])
    equal(response.content, b"shared bytes", "bytes")
    equal(meta.name, "doc.txt", "metadata")


@step("sharing/get_shared_link_file: a folder link is shared_link_is_directory")
def link_file_folder(ctx):
    api_error(lambda: ctx.dbx.sharing_get_shared_link_file(ctx.state["folder_link"]), "shared_link_is_directory")


@step("sharing/revoke_shared_link: gone; revoking again is shared_link_not_found")
def revoke_link(ctx):
    ctx.dbx.sharing_revoke_shared_link(ctx.state["link"])
    api_error(lambda: ctx.dbx.sharing_revoke_shared_link(ctx.state["link"]), "shared_link_not_found")
    api_error(lambda: ctx.dbx2.sharing_get_shared_link_metadata(ctx.state["link"]), "shared_link_not_found")


@step("files/copy_reference/get: metadata and a reference")
def copy_reference_get(ctx):
    result = ctx.dbx.files_copy_reference_get(ctx.path("Links", "Dir"))
    true(isinstance(result.metadata, files.FolderMetadata), "FolderMetadata")
    ctx.state["copy_ref"] = result.copy_reference


@step("files/copy_reference/save: another account saves the folder with its content")
def copy_reference_save(ctx):
    saved = ctx.dbx2.files_copy_reference_save(ctx.state["copy_ref"], "/From Alice")
    equal(saved.metadata.path_display, "/From Alice", "saved")
    _, response = ctx.dbx2.files_download("/From Alice/inner.txt")
    equal(response.content, b"in the folder", "content came along")


@step("files/copy_reference/save: a bogus reference is invalid_copy_reference")
def copy_reference_bad(ctx):
    api_error(lambda: ctx.dbx2.files_copy_reference_save("nope", "/X"), "invalid_copy_reference")
