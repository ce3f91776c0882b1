"""The official Dropbox Python SDK (python3-dropbox) against the emulator through its TLS proxy.

Run by Runner/ThroughTlsProxyTests.cs; by hand (the emulator started with --tls-proxy-port):
  HTTPS_PROXY=http://127.0.0.1:Q NO_PROXY=127.0.0.1 REQUESTS_CA_BUNDLE=<data>/tls/ca.pem \
    /usr/bin/python3 sdk_through_tls_proxy.py TOKEN LOCAL_FILE /dropbox/folder
Prints one JSON object with what the SDK got back; the caller checks it against the emulator.
"""
import hashlib
import json
import sys

import dropbox
from dropbox.files import FileMetadata, WriteMode

token, local_file, folder = sys.argv[1:4]
with open(local_file, "rb") as f:
    data = f.read()

with dropbox.Dropbox(token) as dbx:
    account = dbx.users_get_current_account()
    uploaded = dbx.files_upload(data, folder + "/sdk.bin", mode=WriteMode.overwrite)
    downloaded, response = dbx.files_download(folder + "/sdk.bin")
    listing = dbx.files_list_folder(folder)

print(json.dumps({
    "account_id": account.account_id,
    "email": account.email,
    "uploaded": {"path_display": uploaded.path_display, "size": uploaded.size, "content_hash": uploaded.content_hash},
    "downloaded": {"rev": downloaded.rev, "sha256": hashlib.sha256(response.content).hexdigest()},
    "listed": sorted(e.name for e in listing.entries if isinstance(e, FileMetadata)),
    "has_more": listing.has_more,
}))
