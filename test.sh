#!/usr/bin/env bash
# Runs every test of PSDropbox: xunit unit tests, the PowerShell-level tests (tests/Pester, run through an
# in-process PowerShell 7.6) and the conformance tests. Installs what the tests need when it is missing.
set -uo pipefail
cd "$(dirname "$0")"

rm -rf TestResults

# The conformance tests run the official Dropbox JS SDK, installed from tests/Conformance/package-lock.json.
lock=tests/Conformance/package-lock.json
if command -v npm >/dev/null && { [ ! -f tests/Conformance/node_modules/.package-lock.json ] || [ "$lock" -nt tests/Conformance/node_modules/.package-lock.json ]; }; then
  (cd tests/Conformance && npm ci --no-audit --no-fund --loglevel=error) \
    || echo "npm ci failed in tests/Conformance: the conformance tests will report it" >&2
fi

# The sign-in tests drive the emulator's OAuth page with the Debian Chromium through Playwright (no browser download).
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; } >&2 \
      || { echo "Installing Chromium (apt-get install -y chromium) failed: the browser sign-in tests need it." >&2; exit 1; }
  else
    echo "The browser sign-in tests need Chromium: run 'sudo apt-get install -y chromium' (Debian) and try again." >&2
    exit 1
  fi
fi

dotnet test PSDropbox.slnx -c Release \
  --logger "console;verbosity=normal" --logger trx --results-directory TestResults
status=$?

# One closing line for the whole run, summed over every test assembly's TRX report.
python3 - <<'PY'
import glob, re
passed = failed = skipped = 0
for path in glob.glob("TestResults/**/*.trx", recursive=True):
    text = open(path, encoding="utf-8").read()
    m = re.search(r'<Counters [^>]*', text)
    if not m:
        continue
    c = dict(re.findall(r'(\w+)="(\d+)"', m.group(0)))
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    skipped += int(c.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
if [ "$status" -eq 0 ] && ! ls TestResults/*.trx >/dev/null 2>&1; then
  echo "No test results were written." >&2
  status=1
fi
exit $status
