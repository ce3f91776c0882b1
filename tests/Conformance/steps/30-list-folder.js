'use strict';
// files/list_folder and files/list_folder/continue.
const { step } = require('../lib/harness');
const expect = require('../lib/expect');
const { assert } = expect;

const base = (ctx) => `${ctx.root}/Listing`;
const NAMES = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'];

async function listAll(dbx, arg) {
  const pages = [];
  let page = (await dbx.filesListFolder(arg)).result;
  pages.push(page);
  while (page.has_more) {
    page = (await dbx.filesListFolderContinue({ cursor: page.cursor })).result;
    pages.push(page);
  }
  return pages;
}

step('files/list_folder: the root is "" and never appears as an entry', async (ctx) => {
  await ctx.dbx.filesCreateFolderV2({ path: base(ctx) });
  const pages = await listAll(ctx.dbx, { path: '' });
  const entries = pages.flatMap((p) => p.entries);
  entries.forEach(expect.metadata);
  assert.ok(entries.some((e) => e.path_lower === '/conformance'), 'the scenario folder is listed at the root');
  assert.ok(entries.every((e) => e.path_lower.split('/').length === 2), 'non-recursive: direct children only');
});

step('files/list_folder: "/" for the root is a plain-text 400 asking for ""', async (ctx) => {
  await expect.badRequest(() => ctx.dbx.filesListFolder({ path: '/' }), 'files/list_folder',
    'path: Specify the root folder as an empty string rather than as "/".');
});

step('files/list_folder: paging with limit and list_folder/continue returns every child once', async (ctx) => {
  for (const n of NAMES) await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/${n}` });
  const pages = await listAll(ctx.dbx, { path: base(ctx), limit: 2 });
  assert.ok(pages.length >= 3, `5 children with limit 2 take at least 3 pages, got ${pages.length}`);
  for (const p of pages) {
    assert.deepEqual(Object.keys(p), ['entries', 'cursor', 'has_more']);
    assert.equal(typeof p.cursor, 'string');
    assert.ok(p.entries.length <= 2, `a page holds at most limit entries, got ${p.entries.length}`);
  }
  assert.equal(pages[pages.length - 1].has_more, false);
  const names = pages.flatMap((p) => p.entries).map((e) => expect.folder(e, { tagged: true }).name);
  assert.deepEqual([...names].sort(), NAMES);
  ctx.state.listingCursor = pages[pages.length - 1].cursor;
});

step('files/list_folder: recursive lists the folder itself and its whole subtree', async (ctx) => {
  await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/Alpha/Inner` });
  const entries = (await listAll(ctx.dbx, { path: base(ctx), recursive: true })).flatMap((p) => p.entries);
  const lowers = entries.map((e) => expect.metadata(e).path_lower);
  assert.equal(lowers[0], '/conformance/listing', 'the listed folder itself comes first');
  assert.ok(lowers.includes('/conformance/listing/alpha/inner'), 'grandchild listed');
  assert.equal(new Set(lowers).size, lowers.length, 'no duplicates');
  assert.ok(lowers.every((p) => p === '/conformance/listing' || p.startsWith('/conformance/listing/')), 'only the subtree');
});

step('files/list_folder/continue: changes since the cursor include DeletedMetadata', async (ctx) => {
  assert.ok(ctx.state.listingCursor, 'needs the cursor of the paging step');
  await ctx.dbx.filesDeleteV2({ path: `${base(ctx)}/Echo` });
  await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/Foxtrot` });
  const { result } = await ctx.dbx.filesListFolderContinue({ cursor: ctx.state.listingCursor });
  const byName = Object.fromEntries(result.entries.map((e) => [expect.metadata(e).name, e]));
  assert.equal(byName.Echo && byName.Echo['.tag'], 'deleted', `Echo reported deleted: ${JSON.stringify(result.entries)}`);
  assert.equal(byName.Foxtrot && byName.Foxtrot['.tag'], 'folder', 'Foxtrot reported as a new folder');
  assert.equal(result.entries.length, 2, 'only the changes since the cursor');
});

step('files/list_folder: an empty folder is one page with no entries, has_more false and a cursor', async (ctx) => {
  await ctx.dbx.filesCreateFolderV2({ path: `${base(ctx)}/Empty` });
  const { result } = await ctx.dbx.filesListFolder({ path: `${base(ctx)}/Empty` });
  assert.deepEqual(result.entries, []);
  assert.equal(result.has_more, false);
  assert.ok(result.cursor.length > 0);
});

step('files/list_folder: an id: path lists that folder', async (ctx) => {
  const { result: folder } = await ctx.dbx.filesGetMetadata({ path: base(ctx) });
  const byId = (await listAll(ctx.dbx, { path: folder.id })).flatMap((p) => p.entries).map((e) => e.path_lower).sort();
  const byPath = (await listAll(ctx.dbx, { path: base(ctx) })).flatMap((p) => p.entries).map((e) => e.path_lower).sort();
  assert.deepEqual(byId, byPath);
});

step('files/list_folder: include_deleted lists removed children as DeletedMetadata', async (ctx) => {
  const entries = (await listAll(ctx.dbx, { path: base(ctx), include_deleted: true })).flatMap((p) => p.entries);
  const echo = entries.find((e) => e.name === 'Echo');
  assert.ok(echo, 'the deleted Echo is listed');
  expect.deleted(echo);
  const plain = (await listAll(ctx.dbx, { path: base(ctx) })).flatMap((p) => p.entries);
  assert.ok(!plain.some((e) => e.name === 'Echo'), 'but not without include_deleted');
});

step('files/list_folder/continue: a malformed cursor is a plain-text 400', async (ctx) => {
  await expect.badRequest(() => ctx.dbx.filesListFolderContinue({ cursor: 'not-a-cursor' }), 'files/list_folder/continue',
    'Invalid "cursor" parameter');
});

step('files/list_folder: a missing folder is 409 path/not_found', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesListFolder({ path: `${base(ctx)}/Nowhere` }), 409, ['path', 'not_found']);
});

step('files/list_folder: a limit outside 1..2000 is a plain-text 400', async (ctx) => {
  await expect.badRequest(() => ctx.dbx.filesListFolder({ path: base(ctx), limit: 0 }), 'files/list_folder', 'limit');
});
