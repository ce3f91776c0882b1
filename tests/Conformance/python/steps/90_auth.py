"""Sign-in (OAuth 2 PKCE through www.dropbox.com and api.dropboxapi.com), token refresh and revocation, 400/401 errors."""
import re

import dropbox
import requests
from dropbox import exceptions, oauth

from lib.expect import equal, raises, true
from lib.harness import step


@step("oauth2/authorize: the PKCE authorize URL shows the consent page; Allow shows the code")
def authorize(ctx):
    flow = oauth.DropboxOAuth2FlowNoRedirect(ctx.app_key, use_pkce=True, token_access_type="offline")
    url = flow.start()
    true(url.startswith("https://www.dropbox.com/oauth2/authorize?"), "authorize URL: " + url)
    browser = requests.Session()
    page = browser.get(url, timeout=30)
    equal(page.status_code, 200, "consent page")
    consent = re.search(r'name="consent" value="([^"]+)"', page.text).group(1)
    answer = browser.post("https://www.dropbox.com/oauth2/authorize", data={"consent": consent, "decision": "allow"}, timeout=30)
    ctx.state["oauth_code"] = re.search(r'<code id="code">([^<]+)</code>', answer.text).group(1)
    ctx.state["oauth_flow"] = flow


@step("oauth2/token: the code and the PKCE verifier give an access token and a refresh token")
def token(ctx):
    result = ctx.state["oauth_flow"].finish(ctx.state["oauth_code"])
    true(result.access_token.startswith("sl."), "short-lived access token")
    true(result.refresh_token, "a refresh token (offline)")
    equal(result.account_id, ctx.state["account_id"], "the signed-in account")
    ctx.state["oauth"] = result


@step("oauth2/token: an expired access token is refreshed by the SDK and the call repeated")
def refresh(ctx):
    result = ctx.state["oauth"]
    dbx = dropbox.Dropbox(oauth2_access_token=result.access_token, oauth2_refresh_token=result.refresh_token,
                          oauth2_access_token_expiration=result.expires_at, app_key=ctx.app_key, timeout=60)
    equal(dbx.users_get_current_account().account_id, ctx.state["account_id"], "works")
    refreshes = len(ctx.requests_for("oauth2/token"))
    ctx.admin("POST", "tokens/expire")
    equal(dbx.users_get_current_account().account_id, ctx.state["account_id"], "still works after the expiry")
    true(len(ctx.requests_for("oauth2/token")) == refreshes + 1, "one refresh")
    true(any(r["status"] == 401 for r in ctx.requests_for("users/get_current_account")), "the 401 that caused it")
    ctx.state["oauth_dbx"] = dbx


@step("auth/token/revoke: the token stops working (AuthError invalid_access_token)")
def revoke(ctx):
    dbx = ctx.state["oauth_dbx"]
    access = dbx._oauth2_access_token
    dbx.auth_token_revoke()
    error = raises(lambda: dropbox.Dropbox(access).users_get_current_account(), exceptions.AuthError)
    true(error.error.is_invalid_access_token(), "invalid_access_token")


@step("(auth): an unknown token is AuthError invalid_access_token")
def bad_token(ctx):
    error = raises(lambda: dropbox.Dropbox("not-a-token").users_get_space_usage(), exceptions.AuthError)
    true(error.error.is_invalid_access_token(), "invalid_access_token")


@step("(400): \"/\" for the root is a BadInputError naming the problem")
def bad_input(ctx):
    error = raises(lambda: ctx.dbx.files_list_folder("/"), exceptions.BadInputError)
    true("Specify the root folder as an empty string" in error.message, error.message)


@step("(429): a rate limit with Retry-After is waited out and the call repeated by the SDK")
def rate_limit_retry(ctx):
    ctx.admin("POST", "faults", {"spec": "429=1,after=1,count=1,routes=users/get_space_usage", "seed": 1})
    try:
        ctx.dbx.users_get_space_usage()
    finally:
        ctx.admin("DELETE", "faults")
    statuses = [(r["status"], r.get("fault")) for r in ctx.requests_for("users/get_space_usage")[-2:]]
    equal(statuses, [(429, "429+retry-after"), (200, None)], "refused once, then served")


@step("(429): without retries the SDK raises RateLimitError too_many_requests with the backoff")
def rate_limit_error(ctx):
    ctx.admin("POST", "faults", {"spec": "429=1,after=3,count=1,routes=users/get_space_usage", "seed": 1})
    try:
        error = raises(lambda: ctx.client(max_retries_on_rate_limit=0).users_get_space_usage(), exceptions.RateLimitError)
    finally:
        ctx.admin("DELETE", "faults")
    true(error.error.reason.is_too_many_requests(), "too_many_requests")
    equal(error.backoff, 3, "backoff from Retry-After")


@step("(429): too_many_write_operations is a RateLimitError of its own reason")
def rate_limit_writes(ctx):
    ctx.admin("POST", "faults", {"spec": "429write=1,count=1,routes=files/create_folder_v2", "seed": 1})
    try:
        error = raises(lambda: ctx.client(max_retries_on_rate_limit=0).files_create_folder_v2(ctx.path("Busy")), exceptions.RateLimitError)
    finally:
        ctx.admin("DELETE", "faults")
    true(error.error.reason.is_too_many_write_operations(), "too_many_write_operations")
