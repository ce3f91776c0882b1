'use strict';
// files/search_v2 and files/search/continue_v2.
const { step } = require('../lib/harness');
const expect = require('../lib/expect');
const { assert } = expect;

const base = (ctx) => `${ctx.root}/Search`;

step('files/search_v2: matches wrap tagged Metadata as {".tag":"metadata","metadata":...}', async (ctx) => {
  await ctx.dbx.filesCreateFolderV2({ path: base(ctx) });
  for (const n of ['quarterly-report.txt', 'report-2026.md', 'holiday.jpg']) {
    await ctx.dbx.filesUpload({ path: `${base(ctx)}/${n}`, contents: Buffer.from(n) });
  }
  const { result } = await ctx.dbx.filesSearchV2({ query: 'report', options: { path: base(ctx) } });
  assert.equal(result.has_more, false);
  const names = result.matches.map((m) => {
    assert.equal(m.metadata['.tag'], 'metadata');
    assert.deepEqual(Object.keys(m.metadata), ['.tag', 'metadata']);
    return expect.metadata(m.metadata.metadata).name;
  });
  assert.deepEqual(names.sort(), ['quarterly-report.txt', 'report-2026.md']);
});

step('files/search_v2 + search/continue_v2: max_results pages with a cursor', async (ctx) => {
  const first = (await ctx.dbx.filesSearchV2({ query: 'report', options: { path: base(ctx), max_results: 1 } })).result;
  assert.equal(first.matches.length, 1);
  assert.equal(first.has_more, true);
  assert.equal(typeof first.cursor, 'string');
  const next = (await ctx.dbx.filesSearchContinueV2({ cursor: first.cursor })).result;
  assert.equal(next.matches.length, 1);
  assert.notEqual(next.matches[0].metadata.metadata.id, first.matches[0].metadata.metadata.id);
});

step('files/search_v2: an empty query is 409 invalid_argument with its message nested under the tag', async (ctx) => {
  const err = await expect.rejects(() => ctx.dbx.filesSearchV2({ query: ' ' }), 409);
  assert.match(err.error.error_summary, /^invalid_argument\/\.{0,3}$/);
  assert.equal(err.error.error['.tag'], 'invalid_argument');
  assert.equal(typeof err.error.error.invalid_argument, 'string');
});

step('files/search_v2: a missing scope folder is 409 path/not_found', async (ctx) => {
  await expect.routeError(() => ctx.dbx.filesSearchV2({ query: 'x', options: { path: `${base(ctx)}/Nowhere` } }), 409,
    ['path', 'not_found']);
});
