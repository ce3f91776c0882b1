"""Downloads: files/download (Range, rev), download_zip, get_temporary_link, get_thumbnail_v2, export."""
import io
import struct
import zipfile
import zlib

import requests
from dropbox import files

from lib.expect import api_error, content_hash, equal, true
from lib.harness import step

DATA = bytes(range(256)) * 8


def png(width, height):
    """A solid-colour RGB PNG made by hand (no imaging library needed)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\x40\x80\xc0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@step("files/download: the bytes and FileMetadata from Dropbox-API-Result")
def download(ctx):
    uploaded = ctx.dbx.files_upload(DATA, ctx.path("Down", "data.bin"))
    meta, response = ctx.dbx.files_download(ctx.path("Down", "data.bin"))
    equal(response.content, DATA, "bytes")
    equal(meta.rev, uploaded.rev, "rev")
    equal(meta.content_hash, content_hash(DATA), "content_hash")
    ctx.state["data_rev"] = uploaded.rev


@step("files/download: a Range header gives 206 and just those bytes")
def download_range(ctx):
    ranged = ctx.client(headers={"Range": "bytes=100-199"})
    meta, response = ranged.files_download(ctx.path("Down", "data.bin"))
    equal(response.status_code, 206, "status")
    equal(response.content, DATA[100:200], "the range")
    equal(response.headers.get("Content-Range"), "bytes 100-199/%d" % len(DATA), "Content-Range")
    log = ctx.requests_for("files/download")
    equal(log[-1].get("range"), "bytes=100-199", "the emulator saw the Range")


@step("files/download: an older version by rev")
def download_rev(ctx):
    ctx.dbx.files_upload(b"newer", ctx.path("Down", "data.bin"), mode=files.WriteMode.overwrite)
    _, response = ctx.dbx.files_download("rev:" + ctx.state["data_rev"])
    equal(response.content, DATA, "the old bytes")


@step("files/download: a folder is path/not_file, a missing file path/not_found")
def download_errors(ctx):
    api_error(lambda: ctx.dbx.files_download(ctx.path("Down")), "path", "not_file")
    api_error(lambda: ctx.dbx.files_download(ctx.path("Down", "none.bin")), "path", "not_found")


@step("files/download_zip: the folder as a zip under its own name")
def download_zip(ctx):
    ctx.dbx.files_upload(b"inner", ctx.path("Down", "Zipped", "a.txt"))
    ctx.dbx.files_create_folder_v2(ctx.path("Down", "Zipped", "Empty"))
    result, response = ctx.dbx.files_download_zip(ctx.path("Down", "Zipped"))
    equal(result.metadata.name, "Zipped", "FolderMetadata")
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    true("Zipped/a.txt" in names and "Zipped/Empty/" in names, "entries: %s" % names)


@step("files/download_zip: a file is path/not_folder")
def download_zip_error(ctx):
    api_error(lambda: ctx.dbx.files_download_zip(ctx.path("Down", "data.bin")), "path", "not_folder")


@step("files/get_temporary_link: FileMetadata and a link that serves the bytes without auth")
def temporary_link(ctx):
    result = ctx.dbx.files_get_temporary_link(ctx.path("Down", "Zipped", "a.txt"))
    equal(result.metadata.name, "a.txt", "metadata")
    response = requests.get(result.link, timeout=30)
    equal((response.status_code, response.content), (200, b"inner"), "served bytes")


@step("files/get_thumbnail_v2: a JPEG of the image and its FileMetadata")
def thumbnail(ctx):
    ctx.dbx.files_upload(png(300, 200), ctx.path("Down", "picture.png"))
    meta, response = ctx.dbx.files_get_thumbnail_v2(files.PathOrLink.path(ctx.path("Down", "picture.png")), size=files.ThumbnailSize.w128h128)
    equal(meta.file_metadata.name, "picture.png", "file_metadata")
    equal(response.content[:2], b"\xff\xd8", "JPEG bytes")


@step("files/get_thumbnail_v2: a text file is unsupported_extension")
def thumbnail_error(ctx):
    api_error(lambda: ctx.dbx.files_get_thumbnail_v2(files.PathOrLink.path(ctx.path("Down", "Zipped", "a.txt"))), "unsupported_extension")


@step("files/get_thumbnail: the thumbnail with the FileMetadata (v1)")
def thumbnail_v1(ctx):
    meta, response = ctx.dbx.files_get_thumbnail(ctx.path("Down", "picture.png"), format=files.ThumbnailFormat.png)
    equal(meta.name, "picture.png", "FileMetadata")
    equal(response.content[:4], b"\x89PNG", "PNG bytes")


@step("files/get_thumbnail_batch: base64 thumbnails, a failure per entry that has none")
def thumbnail_batch(ctx):
    import base64
    result = ctx.dbx.files_get_thumbnail_batch([files.ThumbnailArg(ctx.path("Down", "picture.png")),
                                                files.ThumbnailArg(ctx.path("Down", "Zipped", "a.txt")),
                                                files.ThumbnailArg(ctx.path("Down", "none.png"))])
    first = result.entries[0].get_success()
    equal((first.metadata.name, base64.b64decode(first.thumbnail)[:2]), ("picture.png", b"\xff\xd8"), "a JPEG")
    true(result.entries[1].get_failure().is_unsupported_extension(), "unsupported_extension")
    true(result.entries[2].get_failure().get_path().is_not_found(), "path/not_found")


@step("files/get_metadata: include_media_info gives a photo's dimensions")
def media_info(ctx):
    meta = ctx.dbx.files_get_metadata(ctx.path("Down", "picture.png"), include_media_info=True)
    photo = meta.media_info.get_metadata()
    true(isinstance(photo, files.PhotoMetadata), "PhotoMetadata")
    equal((photo.dimensions.width, photo.dimensions.height), (300, 200), "dimensions")


@step("files/export: an export-only file in its export_as format, with export_metadata")
def export(ctx):
    made = ctx.admin("POST", "export_only", {"path": ctx.path("Down", "Plan.paper"), "export_as": "markdown",
                                             "exports": {"markdown": "# Plan", "html": "<h1>Plan</h1>"}})
    equal(made["is_downloadable"], False, "export-only")
    meta = ctx.dbx.files_get_metadata(ctx.path("Down", "Plan.paper"))
    equal((meta.is_downloadable, meta.export_info.export_as, meta.export_info.export_options), (False, "markdown", ["markdown", "html"]), "export_info")
    result, response = ctx.dbx.files_export(ctx.path("Down", "Plan.paper"))
    equal(response.content, b"# Plan", "markdown")
    equal(result.export_metadata.name, "Plan.md", "export name")
    equal(result.file_metadata.id, meta.id, "file_metadata")
    _, html = ctx.dbx.files_export(ctx.path("Down", "Plan.paper"), export_format="html")
    equal(html.content, b"<h1>Plan</h1>", "html")


@step("files/export: an ordinary file is non_exportable; files/download refuses an export-only one")
def export_errors(ctx):
    api_error(lambda: ctx.dbx.files_export(ctx.path("Down", "data.bin")), "non_exportable")
    api_error(lambda: ctx.dbx.files_export(ctx.path("Down", "Plan.paper"), export_format="pdf"), "invalid_export_format")
    api_error(lambda: ctx.dbx.files_download(ctx.path("Down", "Plan.paper")), "unsupported_file")
