'use strict';
// files/list_folder/get_latest_cursor and files/list_folder/longpoll (notify host, no auth). The reset steps come
// last: they drop the emulator's change journal, which invalidates every older cursor.
const { step } = require('../lib/harness');
const expect = require('../lib/expect');
const { assert } = expect;

const base = (ctx) => `${ctx.root}/Changes`;

step('files/list_folder/get_latest_cursor: only a cursor; continue from it returns just later changes', async (ctx) => {
  await ctx.dbx.filesCreateFolderV2({ path: base(ctx) });
  await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/Before` });
  const { result } = await ctx.dbx.filesListFolderGetLatestCursor({ path: base(ctx) });
  assert.deepEqual(Object.keys(result), ['cursor']);
  await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/After` });
  const page = (await ctx.dbx.filesListFolderContinue({ cursor: result.cursor })).result;
  assert.deepEqual(page.entries.map((e) => expect.metadata(e).name), ['After']);
  assert.equal(page.has_more, false);
  ctx.state.changesCursor = page.cursor;
});

step('files/list_folder/get_latest_cursor: a missing folder is 409 path/not_found', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesListFolderGetLatestCursor({ path: `${base(ctx)}/Nowhere` }), 409,
    ['path', 'not_found']);
});

step('files/list_folder/longpoll: goes to the notify host without Authorization and reports a change', async (ctx) => {
  await ctx.admin('POST', 'changes', { longpoll_timeout_seconds: 5, longpoll_jitter_seconds: 0 });
  const { result: { cursor } } = await ctx.dbx.filesListFolderGetLatestCursor({ path: base(ctx) });
  const poll = ctx.dbx.filesListFolderLongpoll({ cursor, timeout: 30 });
  await new Promise((r) => setTimeout(r, 200));
  const sent = ctx.fetch.last();
  assert.match(sent.url, /^https:\/\/notify\.dropboxapi\.com\/2\/files\/list_folder\/longpoll$/);
  assert.equal(sent.headers.Authorization, undefined, 'longpoll is noauth');
  await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/Poked` });
  const { result } = await poll;
  assert.deepEqual(result, { changes: true });
});

step('files/list_folder/longpoll: no change before the timeout is changes=false, with backoff when the server asks', async (ctx) => {
  await ctx.admin('POST', 'changes', { longpoll_timeout_seconds: 1, longpoll_jitter_seconds: 0, longpoll_backoff_seconds: 3 });
  try {
    const { result: { cursor } } = await ctx.dbx.filesListFolderGetLatestCursor({ path: base(ctx) });
    const { result } = await ctx.dbx.filesListFolderLongpoll({ cursor, timeout: 30 });
    assert.deepEqual(result, { changes: false, backoff: 3 });
  } finally {
    await ctx.admin('POST', 'changes', { longpoll_backoff_seconds: null });
  }
});

step('files/list_folder/longpoll: a malformed cursor is a plain-text 400', async (ctx) => {
  await expect.badRequest(() => ctx.dbx.filesListFolderLongpoll({ cursor: 'garbage' }), 'files/list_folder/longpoll',
    'Invalid "cursor" parameter');
});

step('files/list_folder/longpoll: a timeout outside 30..480 is a plain-text 400', async (ctx) => {
  assert.ok(ctx.state.changesCursor, 'needs the cursor of the get_latest_cursor step');
  await expect.badRequest(() => ctx.dbx.filesListFolderLongpoll({ cursor: ctx.state.changesCursor, timeout: 5 }),
    'files/list_folder/longpoll', 'timeout');
});

step('files/list_folder/continue: a cursor older than the change journal is 409 reset', async (ctx) => {
  assert.ok(ctx.state.changesCursor, 'needs the cursor of the get_latest_cursor step');
  await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/Forgotten` });
  await ctx.admin('POST', 'changes', { journal_keep_rows: 0 });
  try {
    await expect.routeError(() => ctx.dbx.filesListFolderContinue({ cursor: ctx.state.changesCursor }), 409, ['reset']);
    await expect.routeError(() => ctx.dbx.filesListFolderLongpoll({ cursor: ctx.state.changesCursor }), 409, ['reset']);
  } finally {
    await ctx.admin('POST', 'changes', { journal_keep_rows: null });
  }
});
