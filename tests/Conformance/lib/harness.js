'use strict';
// Step registry and runner. Each step prints exactly one result line:
//   ##conformance {"name": "...", "ok": true|false, "message": "...", "ms": N}
// With --list, each step prints {"name": "..."} instead and nothing runs.

const PREFIX = '##conformance ';
const steps = [];

function step(name, fn) {
  if (steps.some((s) => s.name === name)) throw new Error(`duplicate step name: ${name}`);
  steps.push({ name, fn });
}

function emit(record) {
  process.stdout.write(PREFIX + JSON.stringify(record) + '\n');
}

function describeError(err) {
  if (err && err.name === 'DropboxResponseError') {
    const body = typeof err.error === 'string' ? err.error : JSON.stringify(err.error);
    return `DropboxResponseError ${err.status}: ${body}`;
  }
  return err && err.stack ? err.stack : String(err);
}

async function runAll(ctx, { list, timeoutMs }) {
  for (const s of steps) {
    if (list) {
      emit({ name: s.name });
      continue;
    }
    const started = Date.now();
    let timer;
    try {
      await Promise.race([
        s.fn(ctx),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`step timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      emit({ name: s.name, ok: true, message: '', ms: Date.now() - started });
    } catch (err) {
      emit({ name: s.name, ok: false, message: describeError(err), ms: Date.now() - started });
    } finally {
      clearTimeout(timer);
    }
  }
}

module.exports = { step, runAll };
