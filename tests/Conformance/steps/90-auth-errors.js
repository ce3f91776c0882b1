'use strict';
// The 400 and 401 shapes as the SDK surfaces them.
const { step } = require('../lib/harness');
const expect = require('../lib/expect');
const { assert } = expect;

step('auth: an unknown access token is 401 invalid_access_token', async (ctx) => {
  const stranger = ctx.client({ accessToken: 'sl.not-a-token-the-emulator-issued' });
  const err = await expect.routeError(() => stranger.usersGetCurrentAccount(), 401, ['invalid_access_token']);
  assert.ok(!JSON.stringify(err.error).includes('not-a-token'), 'the token is not echoed');
});

step('auth: no Authorization header is a plain-text 400', async (ctx) => {
  const anonymous = ctx.client({});
  await expect.badRequest(() => anonymous.filesListFolder({ path: '' }), 'files/list_folder',
    'Must provide HTTP header "Authorization"');
});

step('400: an argument of the wrong JSON type is plain text naming the field', async (ctx) => {
  await expect.badRequest(() => ctx.dbx.filesGetMetadata({ path: 42 }), 'files/get_metadata', 'path');
});
