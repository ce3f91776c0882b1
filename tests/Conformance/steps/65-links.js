'use strict';
// files/get_temporary_link, files/copy_reference/get|save, sharing/create_shared_link_with_settings,
// sharing/list_shared_links, sharing/revoke_shared_link.
const nodeFetch = require('node-fetch');
const { step } = require('../lib/harness');
const expect = require('../lib/expect');
const { assert } = expect;

const base = (ctx) => `${ctx.root}/Links`;
const TEXT = 'shared and linked\n';

step('files/get_temporary_link: untagged FileMetadata and a link that serves the bytes', async (ctx) => {
  await ctx.dbx.filesUpload({ path: `${base(ctx)}/doc.txt`, contents: Buffer.from(TEXT) });
  const { result } = await ctx.dbx.filesGetTemporaryLink({ path: `${base(ctx)}/doc.txt` });
  assert.deepEqual(Object.keys(result), ['metadata', 'link']);
  expect.file(result.metadata, { tagged: false });
  const res = await nodeFetch(result.link);
  assert.equal(res.status, 200);
  assert.equal(await res.text(), TEXT);
});

step('files/get_temporary_link: a folder is 409 path/not_file', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesGetTemporaryLink({ path: base(ctx) }), 409, ['path', 'not_file']);
});

step('files/copy_reference/get + save: tagged Metadata, and the reference copies the file', async (ctx) => {
  const { result } = await ctx.dbx.filesCopyReferenceGet({ path: `${base(ctx)}/doc.txt` });
  assert.deepEqual(Object.keys(result), ['metadata', 'copy_reference', 'expires']);
  expect.file(result.metadata, { tagged: true });
  assert.match(result.expires, expect.TIMESTAMP);
  const saved = (await ctx.dbx.filesCopyReferenceSave({ copy_reference: result.copy_reference,
    path: `${base(ctx)}/from-reference.txt` })).result;
  assert.deepEqual(Object.keys(saved), ['metadata']);
  assert.equal(expect.file(saved.metadata, { tagged: true }).content_hash, result.metadata.content_hash);
});

step('files/copy_reference/save: a bogus reference is 409 invalid_copy_reference', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesCopyReferenceSave({ copy_reference: 'AAAAAAAAAAAAAAAAAAAAAAAA',
    path: `${base(ctx)}/nope.txt` }), 409, ['invalid_copy_reference']);
});

step('sharing/create_shared_link_with_settings: tagged SharedLinkMetadata with link_permissions', async (ctx) => {
  const { result } = await ctx.dbx.sharingCreateSharedLinkWithSettings({ path: `${base(ctx)}/doc.txt` });
  assert.equal(result['.tag'], 'file');
  assert.equal(result.name, 'doc.txt');
  assert.equal(result.path_lower, `${base(ctx)}/doc.txt`.toLowerCase());
  assert.equal(typeof result.url, 'string');
  assert.equal(typeof result.link_permissions.can_revoke, 'boolean');
  assert.equal(result.link_permissions.allow_download, true);
  assert.equal(result.size, TEXT.length);
  ctx.state.sharedUrl = result.url;
});

step('sharing/create_shared_link_with_settings: a second link is 409 shared_link_already_exists with the metadata', async (ctx) => {
  const err = await expect.rejects(() => ctx.dbx.sharingCreateSharedLinkWithSettings({ path: `${base(ctx)}/doc.txt` }), 409);
  assert.match(err.error.error_summary, /^shared_link_already_exists\/metadata\/\.{0,3}$/);
  const e = err.error.error;
  assert.equal(e['.tag'], 'shared_link_already_exists');
  assert.equal(e.shared_link_already_exists['.tag'], 'metadata');
  assert.equal(e.shared_link_already_exists.metadata.url, ctx.state.sharedUrl);
});

step('sharing/create_shared_link_with_settings: a missing path is 409 path/not_found', async (ctx) => {
  await expect.routeError(() => ctx.dbx.sharingCreateSharedLinkWithSettings({ path: `${base(ctx)}/none.txt` }), 409,
    ['path', 'not_found']);
});

step('sharing/list_shared_links: by path with direct_only finds the link', async (ctx) => {
  const { result } = await ctx.dbx.sharingListSharedLinks({ path: `${base(ctx)}/doc.txt`, direct_only: true });
  assert.equal(result.has_more, false);
  assert.deepEqual(result.links.map((l) => l.url), [ctx.state.sharedUrl]);
});

step('sharing/revoke_shared_link: the result is null and the link is gone; again is 409 shared_link_not_found', async (ctx) => {
  const res = await ctx.dbx.sharingRevokeSharedLink({ url: ctx.state.sharedUrl });
  assert.equal(res.result, null);
  const { result } = await ctx.dbx.sharingListSharedLinks({ path: `${base(ctx)}/doc.txt`, direct_only: true });
  assert.deepEqual(result.links, []);
  await expect.routeError(() => ctx.dbx.sharingRevokeSharedLink({ url: ctx.state.sharedUrl }), 409, ['shared_link_not_found']);
});

step('files/get_thumbnail_v2: a JPEG of an image, untagged file_metadata in Dropbox-API-Result', async (ctx) => {
  const fs = require('fs');
  const path = require('path');
  const png = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'samples', 'tree', 'Photos', 'gradient.png'));
  await ctx.dbx.filesUpload({ path: `${base(ctx)}/gradient.png`, contents: png });
  const res = await ctx.dbx.filesGetThumbnailV2({ resource: { '.tag': 'path', path: `${base(ctx)}/gradient.png` },
    format: 'jpeg', size: 'w64h64' });
  assert.match(ctx.fetch.last().url, /^https:\/\/content\.dropboxapi\.com\/2\/files\/get_thumbnail_v2$/);
  const { fileBinary, ...preview } = res.result;
  assert.deepEqual(Object.keys(preview), ['file_metadata']);
  expect.file(preview.file_metadata, { tagged: false });
  assert.equal(fileBinary[0], 0xff);
  assert.equal(fileBinary[1], 0xd8, 'JPEG magic');
});

step('files/get_thumbnail_v2: a text file is 409 unsupported_extension', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesGetThumbnailV2({ resource: { '.tag': 'path', path: `${base(ctx)}/doc.txt` } }),
    409, ['unsupported_extension']);
});
