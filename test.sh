#!/usr/bin/env bash
# Runs every test of PSDropbox: the xunit unit and conformance tests (dotnet test), then the PowerShell-level tests
# (tests/Pester under real Pester 5, in real pwsh 7.6 from the local tool manifest). Installs what the tests need when
# it is missing. The last line sums them all: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

rm -rf TestResults

# Debian packages the tests need, each "package:a command that succeeds when it is there" (add yours here).
packages=(
  "nodejs:command -v node"       # the conformance tests run the official Dropbox JS SDK,
  "npm:command -v npm"
  "rclone:command -v rclone"     # rclone and the official Python SDK (through the emulator's TLS proxy)
  "python3-dropbox:/usr/bin/python3 -c 'import dropbox'"
  "chromium:command -v chromium" # the sign-in tests click through the emulator's OAuth page (Playwright, no download)
)
missing=()
for entry in "${packages[@]}"; do
  eval "${entry#*:}" >/dev/null 2>&1 || missing+=("${entry%%:*}")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >&2 \
      || { echo "Installing ${missing[*]} (apt-get) failed: the tests need them." >&2; exit 1; }
  else
    echo "The tests need ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}' (Debian) and try again." >&2
    exit 1
  fi
fi
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# The official Dropbox JS SDK, from tests/Conformance/package-lock.json.
lock=tests/Conformance/package-lock.json
if [ ! -f tests/Conformance/node_modules/.package-lock.json ] || [ "$lock" -nt tests/Conformance/node_modules/.package-lock.json ]; then
  (cd tests/Conformance && npm ci --no-audit --no-fund --loglevel=error) \
    || echo "npm ci failed in tests/Conformance: the conformance tests will report it" >&2
fi

# pwsh (PowerShell 7.6.10, .config/dotnet-tools.json) and the build; the build also fetches Pester.
dotnet tool restore || { echo "dotnet tool restore failed: real pwsh is needed for the Pester tests." >&2; exit 1; }
dotnet build PSDropbox.slnx -c Release || exit 1

dotnet test PSDropbox.slnx -c Release --no-build \
  --logger "console;verbosity=normal" --logger trx --results-directory TestResults
status=$?

dotnet pwsh -NoProfile -NonInteractive -File tests/Pester/Invoke-PesterSuite.ps1 || status=1

if ! ls TestResults/*.trx >/dev/null 2>&1 || ! ls TestResults/Pester/*.xml >/dev/null 2>&1; then
  echo "No test results were written (TestResults/*.trx, TestResults/Pester/*.xml)." >&2
  status=1
fi
# One closing line for the whole run, summed over the TRX reports and Pester's JUnit reports.
dotnet pwsh -NoProfile -NonInteractive -File tests/Measure-TestResults.ps1 TestResults || status=1
exit $status
