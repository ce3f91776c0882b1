'use strict';
// files/upload_session/start, append_v2, finish (content host) and finish_batch_v2 (RPC).
const { step } = require('../lib/harness');
const expect = require('../lib/expect');
const { contentHash, BLOCK } = require('../lib/content-hash');
const { assert } = expect;

const base = (ctx) => `${ctx.root}/Sessions`;
const bytes = (n, seed) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));

async function start(ctx, contents, extra = {}) {
  const { result } = await ctx.dbx.filesUploadSessionStart({ contents, ...extra });
  assert.deepEqual(Object.keys(result), ['session_id']);
  return result.session_id;
}

step('files/upload_session: start, append_v2 (null result) and finish give untagged FileMetadata of all the bytes', async (ctx) => {
  const [a, b, c] = [bytes(1000, 1), bytes(2000, 2), bytes(500, 3)];
  const id = await start(ctx, a);
  assert.match(ctx.fetch.last().url, /^https:\/\/content\.dropboxapi\.com\/2\/files\/upload_session\/start$/);
  const appended = await ctx.dbx.filesUploadSessionAppendV2({ cursor: { session_id: id, offset: a.length }, contents: b });
  assert.equal(appended.result, null, 'append_v2 returns the Void null');
  const { result } = await ctx.dbx.filesUploadSessionFinish({ cursor: { session_id: id, offset: a.length + b.length },
    commit: { path: `${base(ctx)}/sequential.bin` }, contents: c });
  expect.file(result, { tagged: false });
  const all = Buffer.concat([a, b, c]);
  assert.equal(result.size, all.length);
  assert.equal(result.content_hash, contentHash(all));
  ctx.state.sessionFile = result;
});

step('files/upload_session/append_v2: a wrong offset is 409 incorrect_offset with correct_offset inlined', async (ctx) => {
  const id = await start(ctx, bytes(100, 4));
  await expect.routeError(() => ctx.dbx.filesUploadSessionAppendV2({ cursor: { session_id: id, offset: 50 },
    contents: bytes(10, 5) }), 409, ['incorrect_offset'], { correct_offset: 100 });
  ctx.state.openSession = id;
});

step('files/upload_session/finish: a wrong offset is 409 lookup_failed/incorrect_offset, nested', async (ctx) => {
  assert.ok(ctx.state.openSession, 'needs the session of the append step');
  await expect.routeError(() => ctx.dbx.filesUploadSessionFinish({ cursor: { session_id: ctx.state.openSession, offset: 7 },
    commit: { path: `${base(ctx)}/never.bin` }, contents: Buffer.alloc(0) }), 409,
  ['lookup_failed', 'incorrect_offset'], { correct_offset: 100 });
});

step('files/upload_session/append_v2: an unknown session is 409 not_found', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesUploadSessionAppendV2({ cursor: { session_id: 'pid_upload_session:AAAAAAAAAAAAAAAAAAAAAA', offset: 0 },
    contents: bytes(1, 6) }), 409, ['not_found']);
});

step('files/upload_session/start: a content_hash that does not match the chunk is 409 content_hash_mismatch', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesUploadSessionStart({ contents: bytes(10, 7), content_hash: contentHash(bytes(10, 8)) }),
    409, ['content_hash_mismatch']);
});

step('files/upload_session: a concurrent session takes 4 MiB-aligned appends in any order', async (ctx) => {
  const first = bytes(BLOCK, 9);
  const tail = bytes(123, 10);
  const id = await start(ctx, Buffer.alloc(0), { session_type: { '.tag': 'concurrent' } });
  await ctx.dbx.filesUploadSessionAppendV2({ cursor: { session_id: id, offset: BLOCK }, contents: tail, close: true });
  await ctx.dbx.filesUploadSessionAppendV2({ cursor: { session_id: id, offset: 0 }, contents: first });
  const { result } = await ctx.dbx.filesUploadSessionFinish({ cursor: { session_id: id, offset: BLOCK + tail.length },
    commit: { path: `${base(ctx)}/concurrent.bin` }, contents: Buffer.alloc(0) });
  assert.equal(result.size, BLOCK + tail.length);
  assert.equal(result.content_hash, contentHash(Buffer.concat([first, tail])));
});

step('files/upload_session/start: data in a concurrent start is 409 concurrent_session_data_not_allowed', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesUploadSessionStart({ contents: bytes(10, 11), session_type: 'concurrent' }),
    409, ['concurrent_session_data_not_allowed']);
});

step('files/upload_session/finish_batch_v2: closed sessions commit; entries are success (inlined metadata) or failure', async (ctx) => {
  const one = bytes(300, 12);
  const closed = await start(ctx, one, { close: true });
  const open = await start(ctx, bytes(10, 13));
  const { result } = await ctx.dbx.filesUploadSessionFinishBatchV2({ entries: [
    { cursor: { session_id: closed, offset: one.length }, commit: { path: `${base(ctx)}/batch-1.bin` } },
    { cursor: { session_id: open, offset: 10 }, commit: { path: `${base(ctx)}/batch-2.bin` } },
  ] });
  assert.match(ctx.fetch.last().url, /^https:\/\/api\.dropboxapi\.com\/2\/files\/upload_session\/finish_batch_v2$/);
  assert.deepEqual(Object.keys(result), ['entries']);
  const [ok, failed] = result.entries;
  assert.equal(ok['.tag'], 'success');
  const { '.tag': _, ...metadata } = ok;
  expect.file(metadata, { tagged: false });
  assert.equal(metadata.content_hash, contentHash(one));
  assert.deepEqual(failed, { '.tag': 'failure', failure: { '.tag': 'lookup_failed', lookup_failed: { '.tag': 'not_closed' } } });
});
