'use strict';
// The SDK hard-codes https://{api,content,notify}.dropboxapi.com; this fetch sends those calls to the emulator
// (plain http on loopback) through node-fetch, the SDK's own dependency, and remembers what was sent.
const nodeFetch = require('node-fetch');

const DROPBOX_HOSTS = /^https:\/\/(api|content|notify)\.dropboxapi\.com\//;

function emulatorFetch(baseUrl) {
  const base = baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';
  const sent = [];
  const fetch = (url, options = {}) => {
    if (!DROPBOX_HOSTS.test(url)) throw new Error(`unexpected URL from the SDK: ${url}`);
    const target = url.replace(DROPBOX_HOSTS, base);
    sent.push({ url, target, method: options.method, headers: { ...(options.headers || {}) }, body: options.body });
    return nodeFetch(target, options);
  };
  fetch.sent = sent;
  fetch.last = () => sent[sent.length - 1];
  return fetch;
}

/** The emulator's own test hooks (/_emulator/...), which are not part of Dropbox: e.g. shortening longpoll waits. */
async function admin(baseUrl, method, path, body) {
  const base = baseUrl.endsWith('/') ? baseUrl : baseUrl + '/';
  const res = await nodeFetch(base + '_emulator/' + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`admin ${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

module.exports = { emulatorFetch, admin };
