'use strict';
// files/create_folder_v2, files/get_metadata, files/delete_v2.
const { step } = require('../lib/harness');
const expect = require('../lib/expect');
const { assert } = expect;

const base = (ctx) => `${ctx.root}/Folders`;

step('files/create_folder_v2: returns FolderMetadata without .tag', async (ctx) => {
  await ctx.dbx.filesCreateFolderV2({ path: ctx.root });
  const { result } = await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}` });
  assert.deepEqual(Object.keys(result), ['metadata']);
  const m = expect.folder(result.metadata, { tagged: false });
  assert.equal(m.name, 'Folders');
  assert.equal(m.path_display, '/Conformance/Folders');
  assert.equal(m.path_lower, '/conformance/folders');
});

step('files/create_folder_v2: keeps the case and Unicode of the name; path_lower is NFC lowercase', async (ctx) => {
  const name = 'Ca\u0301fe\u0301 \u00dcBER'; // decomposed accents: the stored key is NFC
  const { result } = await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/${name}` });
  const m = expect.folder(result.metadata, { tagged: false });
  assert.equal(m.name, name);
  assert.equal(m.path_lower, `${base(ctx)}/${name}`.normalize('NFC').toLowerCase());
});

step('files/create_folder_v2: an existing folder is 409 path/conflict/folder', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}`.toUpperCase() }), 409,
    ['path', 'conflict', 'folder']);
});

step('files/create_folder_v2: autorename picks a new name instead of failing', async (ctx) => {
  const { result } = await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/Twin` });
  const again = await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/Twin`, autorename: true });
  const m = expect.folder(again.result.metadata, { tagged: false });
  assert.notEqual(m.id, result.metadata.id);
  assert.match(m.name, /^Twin \(\d+\)$/);
});

step('files/create_folder_v2: a trailing slash is 409 path/malformed_path', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/Slash/` }), 409,
    ['path', 'malformed_path']);
});

step('files/create_folder_v2: a disallowed name is 409 path/disallowed_name', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/desktop.ini` }), 409,
    ['path', 'disallowed_name']);
});

step('files/create_folder_v2: a path not matching the pattern is a plain-text 400', async (ctx) => {
  await expect.badRequest(() => ctx.dbx.filesCreateFolderV2({ path: 'no-leading-slash' }), 'files/create_folder_v2',
    'request body: path: ');
});

step('files/get_metadata: a folder comes back with .tag folder', async (ctx) => {
  const { result } = await ctx.dbx.filesGetMetadata({ path: base(ctx) });
  expect.folder(result, { tagged: true });
  assert.equal(result.path_display, '/Conformance/Folders');
});

step('files/get_metadata: lookup is case-insensitive and keeps the stored case', async (ctx) => {
  const { result } = await ctx.dbx.filesGetMetadata({ path: base(ctx).toUpperCase() });
  assert.equal(result.name, 'Folders');
  assert.equal(result.path_lower, '/conformance/folders');
});

step('files/get_metadata: an id: path finds the same item', async (ctx) => {
  const byPath = (await ctx.dbx.filesGetMetadata({ path: base(ctx) })).result;
  const byId = (await ctx.dbx.filesGetMetadata({ path: byPath.id })).result;
  assert.deepEqual(byId, byPath);
});

step('files/get_metadata: a missing path is 409 path/not_found', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesGetMetadata({ path: `${base(ctx)}/Nowhere` }), 409, ['path', 'not_found']);
});

step('files/get_metadata: the root "" is a plain-text 400', async (ctx) => {
  await expect.badRequest(() => ctx.dbx.filesGetMetadata({ path: '' }), 'files/get_metadata', 'did not match pattern');
});

step('files/get_metadata: "/" is a plain-text 400: the root has no metadata', async (ctx) => {
  await expect.badRequest(() => ctx.dbx.filesGetMetadata({ path: '/' }), 'files/get_metadata',
    'path: The root folder is unsupported.');
});

step('files/delete_v2: returns the tagged metadata as it was before deletion', async (ctx) => {
  const created = (await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/Doomed` })).result.metadata;
  await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/Doomed/Child` });
  const { result } = await ctx.dbx.filesDeleteV2({ path: `${base(ctx)}/doomed` });
  assert.deepEqual(Object.keys(result), ['metadata']);
  expect.folder(result.metadata, { tagged: true });
  assert.equal(result.metadata.id, created.id);
  await expect.routeError(() => ctx.dbx.filesGetMetadata({ path: `${base(ctx)}/Doomed/Child` }), 409, ['path', 'not_found']);
});

step('files/get_metadata: include_deleted returns DeletedMetadata for a deleted path', async (ctx) => {
  const { result } = await ctx.dbx.filesGetMetadata({ path: `${base(ctx)}/Doomed`, include_deleted: true });
  expect.deleted(result);
  assert.equal(result.name, 'Doomed');
});

step('files/delete_v2: a missing path is 409 path_lookup/not_found', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesDeleteV2({ path: `${base(ctx)}/Doomed` }), 409, ['path_lookup', 'not_found']);
});
