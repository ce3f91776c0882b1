'use strict';
// Dropbox content_hash: SHA-256 over the concatenated SHA-256 digests of each 4 MiB block (shared/dropbox-api-v2.md §4).
const crypto = require('crypto');

const BLOCK = 4 * 1024 * 1024;

function contentHash(buffer) {
  const digests = [];
  for (let i = 0; i < buffer.length; i += BLOCK) {
    digests.push(crypto.createHash('sha256').update(buffer.subarray(i, i + BLOCK)).digest());
  }
  return crypto.createHash('sha256').update(Buffer.concat(digests)).digest('hex');
}

module.exports = { contentHash, BLOCK };
