'use strict';
const { step } = require('../lib/harness');
const { assert } = require('../lib/expect');

step('users/get_current_account: Void call without a body returns the FullAccount', async ({ dbx, fetch }) => {
  const res = await dbx.usersGetCurrentAccount();
  const sent = fetch.last();
  assert.equal(sent.body, null, 'the SDK sends no body for a Void argument');
  assert.equal(sent.headers['Content-Type'], undefined, 'and no Content-Type');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.ok(res.headers.get('x-dropbox-request-id'), 'X-Dropbox-Request-Id on every response');
  const a = res.result;
  assert.match(a.account_id, /^dbid:/);
  assert.equal(a.account_id.length, 40, 'account_id is 40 characters');
  assert.deepEqual(Object.keys(a.name), ['given_name', 'surname', 'familiar_name', 'display_name', 'abbreviated_name']);
  assert.equal(typeof a.email, 'string');
  assert.equal(typeof a.email_verified, 'boolean');
  assert.equal(a.disabled, false);
  assert.equal(typeof a.locale, 'string');
  assert.equal(typeof a.referral_link, 'string');
  assert.equal(typeof a.is_paired, 'boolean');
  assert.ok(['basic', 'pro', 'business'].includes(a.account_type['.tag']), `account_type ${JSON.stringify(a.account_type)}`);
  assert.equal(a.root_info['.tag'], 'user');
  assert.equal(typeof a.root_info.root_namespace_id, 'string');
  assert.equal(typeof a.root_info.home_namespace_id, 'string');
});

step('users/get_space_usage: used bytes and an individual allocation', async ({ dbx }) => {
  const { result } = await dbx.usersGetSpaceUsage();
  assert.deepEqual(Object.keys(result), ['used', 'allocation']);
  assert.ok(Number.isInteger(result.used) && result.used >= 0, 'used is a byte count');
  assert.deepEqual(Object.keys(result.allocation), ['.tag', 'allocated']);
  assert.equal(result.allocation['.tag'], 'individual');
  assert.ok(result.allocation.allocated > result.used, 'allocated exceeds used');
});
