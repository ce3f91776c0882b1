'use strict';
// The official Dropbox JS SDK (npm "dropbox") drives a PSDropbox emulator.
// Usage: node scenario.js --base-url http://127.0.0.1:PORT/ --token TOKEN [--list]
// Prints one "##conformance {json}" line per step (see lib/harness.js). Steps live in steps/*.js, run in file order.
const fs = require('fs');
const path = require('path');
const { runAll } = require('./lib/harness');

function parseArgs(argv) {
  const args = { list: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--list') args.list = true;
    else if (a.startsWith('--')) args[a.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = argv[++i];
    else throw new Error(`unknown argument: ${a}`);
  }
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const stepsDir = path.join(__dirname, 'steps');
  for (const f of fs.readdirSync(stepsDir).filter((n) => n.endsWith('.js')).sort()) {
    require(path.join(stepsDir, f));
  }
  let ctx = null;
  if (!args.list) {
    if (!args.baseUrl || !args.token) throw new Error('--base-url and --token are required (or --list)');
    ctx = require('./lib/context').create(args);
  }
  await runAll(ctx, { list: args.list, timeoutMs: Number(args.stepTimeoutMs || 30000) });
}

main().catch((err) => {
  process.stderr.write(`scenario failed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
