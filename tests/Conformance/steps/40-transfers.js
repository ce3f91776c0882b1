'use strict';
// files/upload and files/download (content host).
const { step } = require('../lib/harness');
const expect = require('../lib/expect');
const { contentHash } = require('../lib/content-hash');
const { assert } = expect;

const base = (ctx) => `${ctx.root}/Transfers`;
const HELLO = Buffer.from('Hello, Dropbox conformance!\n');

/**
 * UploadError.path carries the UploadWriteFailed struct inlined: {".tag":"path","reason":<WriteError>,"upload_session_id"},
 * the session holding the refused bytes.
 */
async function uploadConflict(fn, kind) {
  const err = await expect.rejects(fn, 409);
  assert.match(err.error.error_summary, new RegExp(`^path/conflict/${kind}/\\.{0,3}$`));
  assert.deepEqual(Object.keys(err.error.error), ['.tag', 'reason', 'upload_session_id']);
  assert.equal(err.error.error['.tag'], 'path');
  assert.deepEqual(err.error.error.reason, { '.tag': 'conflict', conflict: { '.tag': kind } });
  assert.match(err.error.error.upload_session_id, /^pid_upload_session:/);
  return err;
}

step('files/upload: returns FileMetadata without .tag, with the Dropbox content_hash of the bytes', async (ctx) => {
  const { result } = await ctx.dbx.filesUpload({ path: `${base(ctx)}/hello.txt`, contents: HELLO,
    client_modified: '2024-02-29T12:34:56Z' });
  const sent = ctx.fetch.last();
  assert.match(sent.url, /^https:\/\/content\.dropboxapi\.com\/2\/files\/upload$/);
  assert.equal(sent.headers['Content-Type'], 'application/octet-stream');
  expect.file(result, { tagged: false });
  assert.equal(result.path_display, '/Conformance/Transfers/hello.txt');
  assert.equal(result.size, HELLO.length);
  assert.equal(result.content_hash, contentHash(HELLO));
  assert.equal(result.client_modified, '2024-02-29T12:34:56Z');
  ctx.state.hello = result;
});

step('files/upload: a non-ASCII name travels escaped in Dropbox-API-Arg and comes back intact', async (ctx) => {
  const name = 'r\u00e9sum\u00e9 \u65e5\u672c \ud83d\ude00.txt';
  const { result } = await ctx.dbx.filesUpload({ path: `${base(ctx)}/${name}`, contents: Buffer.from('x') });
  assert.ok(/^[\x20-\x7e]*$/.test(ctx.fetch.last().headers['Dropbox-API-Arg']), 'the SDK sends ASCII-only JSON');
  assert.equal(result.name, name);
  ctx.state.unicodeName = name;
});

step('files/upload: a content_hash that does not match the body is 409 content_hash_mismatch', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesUpload({ path: `${base(ctx)}/bad-hash.txt`, contents: HELLO,
    content_hash: contentHash(Buffer.from('something else')) }), 409, ['content_hash_mismatch']);
  await expect.routeError(() => ctx.dbx.filesGetMetadata({ path: `${base(ctx)}/bad-hash.txt` }), 409, ['path', 'not_found']);
});

step('files/upload: the matching content_hash is accepted', async (ctx) => {
  const { result } = await ctx.dbx.filesUpload({ path: `${base(ctx)}/good-hash.txt`, contents: HELLO,
    content_hash: contentHash(HELLO) });
  assert.equal(result.content_hash, contentHash(HELLO));
});

step('files/upload: add onto a different file is 409 path with reason conflict/file (UploadWriteFailed)', async (ctx) => {
  await uploadConflict(() => ctx.dbx.filesUpload({ path: `${base(ctx)}/hello.txt`, contents: Buffer.from('other') }), 'file');
});

step('files/upload: add with identical contents is no conflict and keeps the rev', async (ctx) => {
  const { result } = await ctx.dbx.filesUpload({ path: `${base(ctx)}/hello.txt`, contents: HELLO });
  assert.equal(result.rev, ctx.state.hello.rev);
  assert.equal(result.id, ctx.state.hello.id);
});

step('files/upload: autorename puts a different file beside the existing one', async (ctx) => {
  const { result } = await ctx.dbx.filesUpload({ path: `${base(ctx)}/hello.txt`, contents: Buffer.from('v2'),
    autorename: true });
  assert.match(result.name, /^hello \(\d+\)\.txt$/);
  assert.notEqual(result.id, ctx.state.hello.id);
});

step('files/upload: mode update needs the current rev; a stale rev is a conflict', async (ctx) => {
  const v2 = Buffer.from('version two');
  const { result } = await ctx.dbx.filesUpload({ path: `${base(ctx)}/hello.txt`, contents: v2,
    mode: { '.tag': 'update', update: ctx.state.hello.rev } });
  assert.notEqual(result.rev, ctx.state.hello.rev, 'a content change makes a new rev');
  assert.equal(result.id, ctx.state.hello.id, 'the id survives an update');
  ctx.state.helloV2 = result;
  await uploadConflict(() => ctx.dbx.filesUpload({ path: `${base(ctx)}/hello.txt`, contents: Buffer.from('v3'),
    mode: { '.tag': 'update', update: ctx.state.hello.rev } }), 'file');
});

step('files/upload: overwrite replaces; a folder in the way is conflict/folder', async (ctx) => {
  const { result } = await ctx.dbx.filesUpload({ path: `${base(ctx)}/over.txt`, contents: Buffer.from('1'), mode: 'overwrite' });
  const again = await ctx.dbx.filesUpload({ path: `${base(ctx)}/over.txt`, contents: Buffer.from('22'), mode: 'overwrite' });
  assert.equal(again.result.size, 2);
  assert.notEqual(again.result.rev, result.rev);
  await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/Dir` });
  await uploadConflict(() => ctx.dbx.filesUpload({ path: `${base(ctx)}/Dir`, contents: HELLO, mode: 'overwrite' }), 'folder');
});

step('files/upload: a path under a file is conflict/file_ancestor', async (ctx) => {
  await uploadConflict(() => ctx.dbx.filesUpload({ path: `${base(ctx)}/over.txt/inner.txt`, contents: HELLO }), 'file_ancestor');
});

step('files/upload: a client_modified with fractional seconds is a plain-text 400', async (ctx) => {
  await expect.badRequest(() => ctx.dbx.filesUpload({ path: `${base(ctx)}/t.txt`, contents: HELLO,
    client_modified: '2024-01-01T00:00:00.5Z' }), 'files/upload', 'client_modified');
});

step('files/get_metadata: a file comes back with .tag file', async (ctx) => {
  const { result } = await ctx.dbx.filesGetMetadata({ path: `${base(ctx)}/HELLO.TXT` });
  expect.file(result, { tagged: true });
  assert.equal(result.rev, ctx.state.helloV2.rev);
});

step('files/list_folder: a file path is 409 path/not_folder', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesListFolder({ path: `${base(ctx)}/hello.txt` }), 409, ['path', 'not_folder']);
});

step('users/get_space_usage: used counts the uploaded bytes', async (ctx) => {
  const { result } = await ctx.dbx.usersGetSpaceUsage();
  assert.ok(result.used >= HELLO.length, `used ${result.used} after uploads`);
});

step('files/download: the bytes in the body, untagged FileMetadata in Dropbox-API-Result', async (ctx) => {
  const res = await ctx.dbx.filesDownload({ path: `${base(ctx)}/hello.txt` });
  const sent = ctx.fetch.last();
  assert.match(sent.url, /^https:\/\/content\.dropboxapi\.com\/2\/files\/download$/);
  assert.equal(res.status, 200);
  const { fileBinary, ...metadata } = res.result;
  assert.equal(fileBinary.toString(), 'version two');
  expect.file(metadata, { tagged: false });
  assert.equal(metadata.rev, ctx.state.helloV2.rev);
  assert.match(res.headers.get('dropbox-api-result'), /^[\x20-\x7e]+$/, 'the result header is ASCII-only JSON');
});

step('files/download: a non-ASCII name round-trips through Dropbox-API-Arg and an ASCII-only Dropbox-API-Result', async (ctx) => {
  assert.ok(ctx.state.unicodeName, 'needs the file of the non-ASCII upload step');
  const res = await ctx.dbx.filesDownload({ path: `${base(ctx)}/${ctx.state.unicodeName}` });
  assert.match(res.headers.get('dropbox-api-result'), /^[\x20-\x7e]+$/, 'non-ASCII escaped as \\uXXXX');
  assert.equal(res.result.name, ctx.state.unicodeName);
  assert.equal(res.result.fileBinary.toString(), 'x');
});

step('files/download: a Range header gets 206 with Content-Range; the result still describes the whole file', async (ctx) => {
  const ranged = ctx.client({ accessToken: ctx.args.token, customHeaders: { Range: 'bytes=3-6' } });
  const res = await ranged.filesDownload({ path: `${base(ctx)}/hello.txt` });
  assert.equal(res.status, 206);
  assert.equal(res.headers.get('content-range'), 'bytes 3-6/11');
  assert.equal(res.result.fileBinary.toString(), 'sion');
  assert.equal(res.result.size, 11);
});

step('files/download: an open-ended Range returns the tail', async (ctx) => {
  const ranged = ctx.client({ accessToken: ctx.args.token, customHeaders: { Range: 'bytes=8-' } });
  const res = await ranged.filesDownload({ path: `${base(ctx)}/hello.txt` });
  assert.equal(res.status, 206);
  assert.equal(res.result.fileBinary.toString(), 'two');
});

step('files/download: rev: downloads an earlier revision', async (ctx) => {
  const res = await ctx.dbx.filesDownload({ path: `rev:${ctx.state.hello.rev}` });
  assert.equal(res.result.fileBinary.toString(), HELLO.toString());
  assert.equal(res.result.rev, ctx.state.hello.rev);
});

step('files/download: a folder is 409 path/not_file and a missing file path/not_found', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesDownload({ path: `${base(ctx)}/Dir` }), 409, ['path', 'not_file']);
  await expect.routeError(() => ctx.dbx.filesDownload({ path: `${base(ctx)}/none.txt` }), 409, ['path', 'not_found']);
});
