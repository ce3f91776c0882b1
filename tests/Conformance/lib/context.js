'use strict';
// What every step gets: SDK clients wired to the emulator, and a fresh folder to work in.
const { Dropbox, DropboxAuth } = require('dropbox');
const { emulatorFetch, admin } = require('./emulator');

function create(args) {
  const fetch = emulatorFetch(args.baseUrl);
  const client = (options = {}) => new Dropbox({ fetch, ...options });
  return {
    args,
    fetch,
    Dropbox,
    DropboxAuth,
    /** Signed in with the emulator's long-lived token, as an SDK user with a token from the App Console would be. */
    dbx: client({ accessToken: args.token }),
    client,
    /** The emulator's test hooks: admin('POST', 'changes', {...}). */
    admin: (method, p, body) => admin(args.baseUrl, method, p, body),
    /** Steps create their items under this folder; each area picks a subfolder. */
    root: '/Conformance',
    state: {},
  };
}

module.exports = { create };
