'use strict';
// files/download_zip (content host, download style).
const { step } = require('../lib/harness');
const expect = require('../lib/expect');
const zip = require('../lib/zip');
const { assert } = expect;

const base = (ctx) => `${ctx.root}/Zip`;
const NAME = 'r\u00e9sum\u00e9 \ud83d\ude00.txt';

step('files/download_zip: the folder as a zip under its own name, untagged FolderMetadata in Dropbox-API-Result', async (ctx) => {
  const big = Buffer.alloc(200000, 'z');
  await ctx.dbx.filesUpload({ path: `${base(ctx)}/Album/big.bin`, contents: big });
  await ctx.dbx.filesUpload({ path: `${base(ctx)}/Album/Sub/${NAME}`, contents: Buffer.from('hi') });
  await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/Album/Empty` });
  const res = await ctx.dbx.filesDownloadZip({ path: `${base(ctx)}/album` });
  assert.match(ctx.fetch.last().url, /^https:\/\/content\.dropboxapi\.com\/2\/files\/download_zip$/);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('dropbox-api-result'), /^[\x20-\x7e]+$/, 'the result header is ASCII-only JSON');
  const { fileBinary, ...result } = res.result;
  assert.deepEqual(Object.keys(result), ['metadata']);
  expect.folder(result.metadata, { tagged: false });
  assert.equal(result.metadata.path_display, '/Conformance/Zip/Album');
  const entries = zip.entries(fileBinary);
  assert.deepEqual([...entries.keys()].sort(), ['Album/', 'Album/Empty/', 'Album/Sub/', `Album/Sub/${NAME}`, 'Album/big.bin']);
  assert.ok(entries.get('Album/big.bin').equals(big), 'big.bin comes back byte for byte');
  assert.equal(entries.get(`Album/Sub/${NAME}`).toString(), 'hi');
});

step('files/download_zip: a missing folder is 409 path/not_found, a file 409 path/not_folder', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesDownloadZip({ path: `${base(ctx)}/none` }), 409, ['path', 'not_found']);
  await expect.routeError(() => ctx.dbx.filesDownloadZip({ path: `${base(ctx)}/Album/big.bin` }), 409, ['path', 'not_folder']);
});

step('files/download_zip: a folder over the entry limit is 409 too_many_files', async (ctx) => {
  await ctx.admin('POST', 'download_zip_limits', { max_entries: 2 });
  try {
    await expect.routeError(() => ctx.dbx.filesDownloadZip({ path: `${base(ctx)}/Album` }), 409, ['too_many_files']);
  } finally {
    await ctx.admin('POST', 'download_zip_limits', { max_entries: 9999 });
  }
});
