'use strict';
// files/copy_v2, files/move_v2, the batch routes with their /check routes, files/permanently_delete,
// files/list_revisions and files/restore.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { step } = require('../lib/harness');
const expect = require('../lib/expect');
const { assert } = expect;

const base = (ctx) => `${ctx.root}/Operations`;

/** Puts local files (name -> text) under a Dropbox folder through the emulator's seed hook (there is no upload route yet). */
async function seed(ctx, dest, files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'psd-conformance-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), text);
    }
    await ctx.admin('POST', 'seed', { source: dir, path: dest });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Polls a /check route until the job is complete; every answer before that is exactly {".tag":"in_progress"}. */
async function poll(check, asyncJobId) {
  for (let i = 0; i < 200; i++) {
    const { result } = await check({ async_job_id: asyncJobId });
    if (result['.tag'] === 'complete') return result;
    assert.deepEqual(result, { '.tag': 'in_progress' });
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail('the batch job never completed');
}

/** A launch answer: {".tag":"async_job_id","async_job_id":"..."} (or already complete). */
async function launched(call, check) {
  const { result } = await call;
  if (result['.tag'] === 'complete') return result;
  assert.deepEqual(Object.keys(result), ['.tag', 'async_job_id']);
  assert.equal(result['.tag'], 'async_job_id');
  return poll(check, result.async_job_id);
}

step('files/copy_v2: tagged Metadata of the copy, a new id, the source untouched', async (ctx) => {
  await seed(ctx, base(ctx), { 'a.txt': 'alpha', 'Dir/inner.txt': 'inner' });
  const source = (await ctx.dbx.filesGetMetadata({ path: `${base(ctx)}/a.txt` })).result;
  const { result } = await ctx.dbx.filesCopyV2({ from_path: `${base(ctx)}/a.txt`, to_path: `${base(ctx)}/Copies/a.txt` });
  assert.deepEqual(Object.keys(result), ['metadata']);
  const copy = expect.file(result.metadata, { tagged: true });
  assert.notEqual(copy.id, source.id);
  assert.equal(copy.content_hash, source.content_hash);
  assert.equal((await ctx.dbx.filesGetMetadata({ path: `${base(ctx)}/a.txt` })).result.id, source.id);
});

step('files/copy_v2: an existing destination is 409 to/conflict/file; autorename picks "a (1).txt"', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesCopyV2({ from_path: `${base(ctx)}/a.txt`, to_path: `${base(ctx)}/Copies/a.txt` }), 409,
    ['to', 'conflict', 'file']);
  const { result } = await ctx.dbx.filesCopyV2({ from_path: `${base(ctx)}/a.txt`, to_path: `${base(ctx)}/Copies/a.txt`, autorename: true });
  assert.equal(expect.file(result.metadata, { tagged: true }).name, 'a (1).txt');
});

step('files/move_v2: a folder moves with its subtree and keeps the ids', async (ctx) => {
  const inner = (await ctx.dbx.filesGetMetadata({ path: `${base(ctx)}/Dir/inner.txt` })).result;
  const { result } = await ctx.dbx.filesMoveV2({ from_path: `${base(ctx)}/Dir`, to_path: `${base(ctx)}/Moved/Dir` });
  expect.folder(result.metadata, { tagged: true });
  assert.equal((await ctx.dbx.filesGetMetadata({ path: `${base(ctx)}/Moved/Dir/inner.txt` })).result.id, inner.id);
  await expect.routeError(() => ctx.dbx.filesGetMetadata({ path: `${base(ctx)}/Dir` }), 409, ['path', 'not_found']);
});

step('files/move_v2: 409 from_lookup/not_found and cant_move_folder_into_itself; a bad from_path is 400', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesMoveV2({ from_path: `${base(ctx)}/none`, to_path: `${base(ctx)}/x` }), 409,
    ['from_lookup', 'not_found']);
  await expect.routeError(() => ctx.dbx.filesMoveV2({ from_path: `${base(ctx)}/Moved`, to_path: `${base(ctx)}/Moved/Dir/Inside` }), 409,
    ['cant_move_folder_into_itself']);
  await expect.badRequest(() => ctx.dbx.filesMoveV2({ from_path: 'relative', to_path: `${base(ctx)}/x` }), 'files/move_v2', 'from_path');
});

step('files/copy_batch_v2 + copy_batch/check_v2: one entry per input, success or relocation_error', async (ctx) => {
  const done = await launched(
    ctx.dbx.filesCopyBatchV2({ entries: [
      { from_path: `${base(ctx)}/a.txt`, to_path: `${base(ctx)}/Batch/a.txt` },
      { from_path: `${base(ctx)}/none`, to_path: `${base(ctx)}/Batch/none` },
    ] }),
    (arg) => ctx.dbx.filesCopyBatchCheckV2(arg));
  assert.deepEqual(Object.keys(done), ['.tag', 'entries']);
  assert.equal(done.entries.length, 2);
  assert.deepEqual(Object.keys(done.entries[0]), ['.tag', 'success']);
  expect.file(done.entries[0].success, { tagged: true });
  assert.deepEqual(done.entries[1], { '.tag': 'failure',
    failure: { '.tag': 'relocation_error', relocation_error: { '.tag': 'from_lookup', from_lookup: { '.tag': 'not_found' } } } });
});

step('files/move_batch_v2 + move_batch/check_v2: nested entries fail with duplicated_or_nested_paths', async (ctx) => {
  await seed(ctx, `${base(ctx)}/Nest`, { 'Outer/in.txt': 'in' });
  const done = await launched(
    ctx.dbx.filesMoveBatchV2({ entries: [
      { from_path: `${base(ctx)}/Nest/Outer`, to_path: `${base(ctx)}/Nest2/Outer` },
      { from_path: `${base(ctx)}/Nest/Outer/in.txt`, to_path: `${base(ctx)}/Nest2/in.txt` },
    ] }),
    (arg) => ctx.dbx.filesMoveBatchCheckV2(arg));
  expect.folder(done.entries[0].success, { tagged: true });
  assert.deepEqual(done.entries[1].failure, { '.tag': 'relocation_error', relocation_error: { '.tag': 'duplicated_or_nested_paths' } });
});

step('files/delete_batch + delete_batch/check: {".tag":"success","metadata"} or a DeleteError failure per entry', async (ctx) => {
  const done = await launched(
    ctx.dbx.filesDeleteBatch({ entries: [{ path: `${base(ctx)}/Batch/a.txt` }, { path: `${base(ctx)}/Batch/none` }] }),
    (arg) => ctx.dbx.filesDeleteBatchCheck(arg));
  assert.deepEqual(Object.keys(done.entries[0]), ['.tag', 'metadata']);
  assert.equal(done.entries[0]['.tag'], 'success');
  expect.file(done.entries[0].metadata, { tagged: true });
  assert.deepEqual(done.entries[1], { '.tag': 'failure', failure: { '.tag': 'path_lookup', path_lookup: { '.tag': 'not_found' } } });
});

step('files/delete_batch/check: an unknown job is 409 invalid_async_job_id', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesDeleteBatchCheck({ async_job_id: 'dbjid:unknown' }), 409, ['invalid_async_job_id']);
});

step('files/list_revisions: untagged FileMetadata newest first, is_deleted, has_more', async (ctx) => {
  const file = `${base(ctx)}/Versions/v.txt`;
  const revs = [];
  for (const text of ['one', 'two']) {
    if (revs.length) await ctx.dbx.filesDeleteV2({ path: file });
    await seed(ctx, `${base(ctx)}/Versions`, { 'v.txt': text });
    revs.push((await ctx.dbx.filesGetMetadata({ path: file })).result.rev);
  }
  const { result } = await ctx.dbx.filesListRevisions({ path: file, limit: 1 });
  assert.deepEqual(Object.keys(result), ['is_deleted', 'entries', 'has_more']);
  assert.equal(result.is_deleted, false);
  assert.equal(result.has_more, true);
  assert.equal(expect.file(result.entries[0], { tagged: false }).rev, revs[1]);
  const older = (await ctx.dbx.filesListRevisions({ path: file, before_rev: revs[1] })).result;
  assert.deepEqual(older.entries.map((e) => e.rev), [revs[0]]);
  ctx.state.versions = { file, revs };
});

step('files/restore: untagged FileMetadata with a new rev; an unknown rev is 409 invalid_revision', async (ctx) => {
  const { file, revs } = ctx.state.versions;
  const { result } = await ctx.dbx.filesRestore({ path: file, rev: revs[0] });
  expect.file(result, { tagged: false });
  assert.ok(!revs.includes(result.rev), 'a restore writes a new revision');
  await expect.routeError(() => ctx.dbx.filesRestore({ path: file, rev: '0123456789abcdef' }), 409, ['invalid_revision']);
});

step('files/permanently_delete: Void result; the path is gone even from include_deleted', async (ctx) => {
  const { file } = ctx.state.versions;
  const { result } = await ctx.dbx.filesPermanentlyDelete({ path: file });
  assert.equal(result, null);
  await expect.routeError(() => ctx.dbx.filesGetMetadata({ path: file, include_deleted: true }), 409, ['path', 'not_found']);
  await expect.routeError(() => ctx.dbx.filesListRevisions({ path: file }), 409, ['path', 'not_found']);
});
