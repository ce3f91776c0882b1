#!/usr/bin/env bash
# Issue #14's exactly-once proof at full length: the Pester test "stopped and restarted with -StateFile at random moments
# while changes keep arriving" (tests/Pester/Changes.Tests.ps1, 20 stops in CI) with RESTARTS stops (default 60), in the
# repository's pwsh 7.6 with the Pester the build fetched.
# Usage: bench/watch-stress.sh [RESTARTS (60)]
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
RESTARTS=${1:-60}
cd "$REPO"
if [[ "${BENCH_NO_BUILD:-0}" != 1 ]]; then dotnet tool restore >/dev/null && dotnet build -c Release -v quiet -nologo >/dev/null; fi
PSDROPBOX_WATCH_RESTARTS=$RESTARTS dotnet pwsh -NoProfile -Command "
    Import-Module (Get-Content -LiteralPath tests/Pester/obj/pester-module.txt -TotalCount 1) -ErrorAction Stop
    \$c = New-PesterConfiguration
    \$c.Run.Path = 'tests/Pester/Changes.Tests.ps1'
    \$c.Filter.FullName = '*at random moments*'
    \$c.Output.Verbosity = 'Detailed'
    \$c.Run.Exit = \$true
    Invoke-Pester -Configuration \$c"
