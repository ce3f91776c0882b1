'use strict';
// Assertions on what the SDK hands its users, checked against shared/dropbox-api-v2.md.
const assert = require('assert/strict');

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const FOLDER_KEYS = ['name', 'path_lower', 'path_display', 'id'];
const FILE_KEYS = ['name', 'path_lower', 'path_display', 'id', 'client_modified', 'server_modified', 'rev', 'size',
  'is_downloadable', 'content_hash'];
const DELETED_KEYS = ['.tag', 'name', 'path_lower', 'path_display'];

/** Exact field names in wire order; `.tag` only where the route declares the base type (shared/dropbox-api-v2.md §0). */
function sameKeys(obj, expected, what) {
  const actual = Object.keys(obj);
  assert.deepEqual(actual, expected, `${what} fields: expected [${expected.join(', ')}], got [${actual.join(', ')}]`);
}

function assertPaths(m) {
  assert.equal(typeof m.name, 'string');
  assert.ok(!m.name.includes('/'), `name must not contain "/": ${m.name}`);
  assert.ok(m.path_lower.startsWith('/') && m.path_lower !== '/', `path_lower must be "/..." and never the root: ${m.path_lower}`);
  assert.ok(m.path_display.startsWith('/'), `path_display must start with "/": ${m.path_display}`);
  assert.equal(m.path_lower, m.path_display.normalize('NFC').toLowerCase(), 'path_lower is the NFC-lowercased path_display');
  assert.ok(m.path_display.endsWith('/' + m.name), `path_display ends with name: ${m.path_display} / ${m.name}`);
}

/** FolderMetadata; tagged only where the route declares the base type Metadata. */
function folder(m, { tagged }) {
  assert.ok(m && typeof m === 'object', 'folder metadata is an object');
  sameKeys(m, tagged ? ['.tag', ...FOLDER_KEYS] : FOLDER_KEYS, 'FolderMetadata');
  if (tagged) assert.equal(m['.tag'], 'folder');
  assertPaths(m);
  assert.match(m.id, /^id:.+/);
  return m;
}

/** FileMetadata; tagged only where the route declares the base type Metadata. */
function file(m, { tagged }) {
  assert.ok(m && typeof m === 'object', 'file metadata is an object');
  sameKeys(m, tagged ? ['.tag', ...FILE_KEYS] : FILE_KEYS, 'FileMetadata');
  if (tagged) assert.equal(m['.tag'], 'file');
  assertPaths(m);
  assert.match(m.id, /^id:.+/);
  assert.match(m.client_modified, TIMESTAMP);
  assert.match(m.server_modified, TIMESTAMP);
  assert.match(m.rev, /^[0-9a-f]{9,}$/);
  assert.ok(Number.isInteger(m.size) && m.size >= 0, 'size is a non-negative integer');
  assert.equal(m.is_downloadable, true);
  assert.match(m.content_hash, /^[0-9a-f]{64}$/);
  return m;
}

function deleted(m) {
  sameKeys(m, DELETED_KEYS, 'DeletedMetadata');
  assert.equal(m['.tag'], 'deleted');
  assertPaths(m);
  return m;
}

/** Any tagged Metadata (list_folder entries, get_metadata, delete_v2...). */
function metadata(m) {
  switch (m && m['.tag']) {
    case 'folder': return folder(m, { tagged: true });
    case 'file': return file(m, { tagged: true });
    case 'deleted': return deleted(m);
    default: assert.fail(`Metadata must carry .tag file|folder|deleted: ${JSON.stringify(m)}`);
  }
}

/** Runs fn, which must reject with a DropboxResponseError; returns it. */
async function rejects(fn, status) {
  let err;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err, `expected a DropboxResponseError ${status}, but the call succeeded`);
  assert.equal(err.name, 'DropboxResponseError', `expected DropboxResponseError, got ${err && err.stack}`);
  assert.equal(err.status, status, `HTTP status (body: ${JSON.stringify(err.error)})`);
  assert.ok(err.headers.get('x-dropbox-request-id'), 'X-Dropbox-Request-Id on the error response');
  return err;
}

/**
 * A route error (409) or auth error (401) as the SDK surfaces it: error.error_summary is the tag path plus "/" and
 * 0-3 dots; error.error is the union with nested tags (Chain("path","not_found") = {".tag":"path","path":{...}}).
 */
async function routeError(fn, status, tags, inline) {
  const err = await rejects(fn, status);
  assert.match(err.headers.get('content-type') || '', /^application\/json/, 'JSON error body');
  const body = err.error;
  assert.equal(typeof body, 'object', `error body is JSON: ${body}`);
  const summaryPattern = new RegExp('^' + tags.map(escape).join('/') + '/\\.{0,3}$');
  assert.match(body.error_summary, summaryPattern, 'error_summary');
  let node = body.error;
  tags.forEach((tag, i) => {
    assert.equal(node['.tag'], tag, `tag #${i} in ${JSON.stringify(body.error)}`);
    if (i < tags.length - 1) node = node[tag];
  });
  assert.deepEqual(Object.keys(node), ['.tag', ...Object.keys(inline || {})], `innermost union ${JSON.stringify(node)}`);
  if (inline) for (const [k, v] of Object.entries(inline)) assert.deepEqual(node[k], v, `inlined field ${k}`);
  return err;
}

/** A 400: plain text "Error in call to API function \"route\": ..." (the SDK hands it over as a string). */
async function badRequest(fn, route, contains) {
  const err = await rejects(fn, 400);
  assert.match(err.headers.get('content-type') || '', /^text\/plain/, '400 is plain text');
  assert.equal(typeof err.error, 'string', `the SDK surfaces a 400 body as a string, got ${JSON.stringify(err.error)}`);
  if (route) assert.ok(err.error.startsWith(`Error in call to API function "${route}": `), `400 text: ${err.error}`);
  if (contains) assert.ok(err.error.includes(contains), `400 text should contain ${JSON.stringify(contains)}: ${err.error}`);
  return err;
}

function escape(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

module.exports = { assert, folder, file, deleted, metadata, rejects, routeError, badRequest, TIMESTAMP };
