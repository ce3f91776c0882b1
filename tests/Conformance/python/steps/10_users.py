"""users/* and the account behind each token."""
from dropbox import common, users

from lib.expect import equal, true
from lib.harness import step


@step("users/get_current_account: FullAccount of the token's account, individual root")
def current_account(ctx):
    account = ctx.dbx.users_get_current_account()
    true(isinstance(account, users.FullAccount), "a FullAccount")
    true(account.account_id.startswith("dbid:"), "account_id dbid:...")
    true(isinstance(account.root_info, common.UserRootInfo), "root_info is a UserRootInfo")
    equal(account.root_info.root_namespace_id, account.root_info.home_namespace_id, "root = home namespace")
    ctx.state["account_id"] = account.account_id


@step("users/get_current_account: a second account has its own id and namespace")
def second_account(ctx):
    bob = ctx.dbx2.users_get_current_account()
    true(bob.account_id != ctx.state["account_id"], "two accounts")
    equal(bob.email, "bob@emulator.local", "email of the extra account")
    ctx.state["bob_id"] = bob.account_id


@step("users/get_space_usage: used bytes and an individual allocation")
def space_usage(ctx):
    usage = ctx.dbx.users_get_space_usage()
    true(usage.allocation.is_individual(), "individual allocation")
    true(usage.allocation.get_individual().allocated > 0, "allocated > 0")
    true(usage.used >= 0, "used >= 0")


@step("users/get_account: another account's BasicAccount")
def get_account(ctx):
    bob = ctx.dbx.users_get_account(ctx.state["bob_id"])
    true(isinstance(bob, users.BasicAccount), "BasicAccount")
    equal((bob.email, bob.is_teammate), ("bob@emulator.local", False), "email, not a teammate")


@step("users/get_account_batch: accounts in the order asked; an unknown id is no_account")
def get_account_batch(ctx):
    from lib.expect import api_error
    both = ctx.dbx.users_get_account_batch([ctx.state["bob_id"], ctx.state["account_id"]])
    equal([a.account_id for a in both], [ctx.state["bob_id"], ctx.state["account_id"]], "order")
    missing = "dbid:" + "A" * 35
    error = api_error(lambda: ctx.dbx.users_get_account_batch([missing]), "no_account")
    equal(error.get_no_account(), missing, "the unknown id")


@step("check/user: echoes the query with a working token")
def check_user(ctx):
    equal(ctx.dbx.check_user("ping from python").result, "ping from python", "echo")
