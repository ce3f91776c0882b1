"""The official Dropbox Python SDK (python3-dropbox) against the emulator in team mode, through its TLS proxy.

Run by Runner/PythonSdkTeamTests.cs; by hand (the emulator started with --team Acme --team-token TEAM_TOKEN
--account bob:B --account carol:C --team-folder Marketing --tls-proxy-port 0):
  HTTPS_PROXY=http://127.0.0.1:Q NO_PROXY=127.0.0.1 REQUESTS_CA_BUNDLE=<data>/tls/ca.pem \
    /usr/bin/python3 sdk_team.py TEAM_TOKEN
Prints one JSON object with what the SDK got back; the caller checks it against the emulator.
"""
import json
import sys

import dropbox
from dropbox.common import PathRoot
from dropbox.exceptions import ApiError, PathRootError
from dropbox.files import WriteMode

team_token = sys.argv[1]


def names(dbx, path):
    return sorted(e.name for e in dbx.files_list_folder(path).entries)


def error_of(call):
    """The error a call ends with: 'ok', or the error's tag path."""
    try:
        call()
        return "ok"
    except PathRootError as e:
        return "path_root/" + ("invalid_root" if e.error.is_invalid_root() else "no_permission" if e.error.is_no_permission() else "other")
    except ApiError as e:
        return "api/" + str(e.error)


with dropbox.DropboxTeam(team_token) as team:
    info = team.team_get_info()
    first = team.team_members_list(limit=1)
    members = list(first.members)
    page = first
    while page.has_more:
        page = team.team_members_list_continue(page.cursor)
        members.extend(page.members)
    by_email = {m.profile.email: m for m in members}
    admin_id = next(m.profile.team_member_id for m in members if m.role.is_team_admin())
    bob_id = by_email["bob@emulator.local"].profile.team_member_id
    carol_id = by_email["carol@emulator.local"].profile.team_member_id
    looked_up = team.team_members_get_info([dropbox.team.UserSelectorArg.email("bob@emulator.local"),
                                            dropbox.team.UserSelectorArg.email("nobody@emulator.local")])

    bob = team.as_user(bob_id)
    bob_account = bob.users_get_current_account()
    root_id = bob_account.root_info.root_namespace_id
    bob.files_upload(b"bob's private notes", "/private.txt", mode=WriteMode.overwrite)
    bob_root = bob.with_path_root(PathRoot.root(root_id))
    bob_top = names(bob_root, "")
    bob_root.files_upload(b"the plan", "/Marketing/plan.txt", mode=WriteMode.overwrite)

    admin = team.as_admin(admin_id)
    admin_account = admin.users_get_current_account()
    admin_root = admin.with_path_root(PathRoot.root(root_id))
    admin_top = names(admin_root, "")
    _, plan = admin_root.files_download("/Marketing/plan.txt")

    wrong_root = None
    try:
        bob.with_path_root(PathRoot.root("1")).files_list_folder("")
    except PathRootError as e:
        latest = e.error.get_invalid_root()
        wrong_root = {"root_namespace_id": latest.root_namespace_id, "home_namespace_id": latest.home_namespace_id,
                      "home_path": latest.home_path}

    carol = team.as_user(carol_id)
    carol_root = carol.with_path_root(PathRoot.root(root_id))
    carol_home_path = bob_account.root_info.home_path + "/private.txt"
    carol_reads_bobs_home = {
        "by_path": error_of(lambda: carol_root.files_get_metadata(carol_home_path)),
        "download": error_of(lambda: carol_root.files_download(carol_home_path)),
        "by_namespace": error_of(lambda: carol.with_path_root(PathRoot.namespace_id(bob_account.root_info.home_namespace_id)).files_list_folder("")),
        "search": len(carol_root.files_search_v2("private").matches),
    }
    carol_top = names(carol_root, "")
    # one entry per page, so the /continue routes are walked too
    page = team.team_team_folder_list(limit=1)
    team_folders = [f.name for f in page.team_folders]
    while page.has_more:
        page = team.team_team_folder_list_continue(page.cursor)
        team_folders += [f.name for f in page.team_folders]
    # a cursor at the end still answers: an empty last page
    end = team.team_team_folder_list_continue(page.cursor)
    team_folders_end = {"count": len(end.team_folders), "has_more": end.has_more}
    page = team.team_namespaces_list(limit=1)
    namespace_entries = list(page.namespaces)
    while page.has_more:
        page = team.team_namespaces_list_continue(page.cursor)
        namespace_entries += page.namespaces
    namespaces = sorted(n.namespace_type._tag for n in namespace_entries)
    looked_up_v2 = team.team_members_get_info_v2([dropbox.team.UserSelectorArg.email("bob@emulator.local"),
                                                  dropbox.team.UserSelectorArg.email("nobody@emulator.local")]).members_info

print(json.dumps({
    "team": {"name": info.name, "team_id": info.team_id, "provisioned": info.num_provisioned_users},
    "members": [{"email": m.profile.email, "team_member_id": m.profile.team_member_id, "role": m.role._tag} for m in members],
    "looked_up": [("member_info:" + i.get_member_info().profile.email) if i.is_member_info() else ("id_not_found:" + i.get_id_not_found()) for i in looked_up],
    "looked_up_v2": [("member_info:" + i.get_member_info().profile.email) if i.is_member_info() else ("id_not_found:" + i.get_id_not_found()) for i in looked_up_v2],
    "bob": {"email": bob_account.email, "team_member_id": bob_account.team_member_id, "root_namespace_id": root_id,
            "home_namespace_id": bob_account.root_info.home_namespace_id, "home_path": bob_account.root_info.home_path, "top": bob_top},
    "admin": {"email": admin_account.email, "top": admin_top, "plan": plan.content.decode()},
    "wrong_root": wrong_root,
    "carol": {"top": carol_top, "reads_bobs_home": carol_reads_bobs_home},
    "team_folders": team_folders,
    "team_folders_end": team_folders_end,
    "namespaces": namespaces,
}))
