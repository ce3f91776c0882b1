#!/usr/bin/env bash
# Issue #14's bandwidth cap: moves SIZE_MIB (default 100) up and down with a cap of RATE (PowerShell's notation, default
# 5MB) — once as Connect-Dropbox -MaxTransferRate (the connection's cap) and once as Send-/Receive-DropboxFile
# -MaxTransferRate (the command's) — and prints the time and the rate each took against the expected SIZE/RATE (goal:
# within 10 %). Times are taken inside pwsh around the transfer only (no start-up, no connect).
# Usage: [LATENCY_MS=N] bench/rate-limit.sh [SIZE_MIB (100)] [RATE (5MB)]
source "$(dirname "$0")/lib.sh"

SIZE_MIB=${1:-100}
RATE=${2:-5MB}
build
start_emulator --latency "${LATENCY_MS:-0}"
FILE="$BENCH_WORK/paced.bin"
random_file "$FILE" $((SIZE_MIB * MIB))

echo "| cap set on | direction | MiB | cap | expected s | took s | MiB/s | deviation |"
echo "|---|---|---|---|---|---|---|---|"
for where in connection command; do
    if [[ $where == connection ]]; then connect_rate="-MaxTransferRate $RATE"; command_rate=""; else connect_rate=""; command_rate="-MaxTransferRate $RATE"; fi
    "${HOST[@]}" -Command "
        \$ErrorActionPreference = 'Stop'
        Connect-Dropbox -AccessToken '$TOKEN' -ApiEndpoint '$BASE_URL' $connect_rate
        \$rate = $RATE
        \$bytes = (Get-Item '$FILE').Length
        \$expected = \$bytes / \$rate
        function Row([string]\$direction, [timespan]\$took) {
            '| $where | {0} | {1:0} | {2:0.##} MiB/s | {3:0.0} | {4:0.0} | {5:0.00} | {6:+0.0;-0.0} % |' -f \$direction, (\$bytes / 1MB), (\$rate / 1MB), \$expected,
                \$took.TotalSeconds, (\$bytes / 1MB / \$took.TotalSeconds), ((\$took.TotalSeconds / \$expected - 1) * 100)
        }
        Row 'upload' (Measure-Command { Send-DropboxFile -LiteralPath '$FILE' -Destination /bench/paced.bin -Mode Overwrite $command_rate | Out-Null })
        Row 'download' (Measure-Command { Receive-DropboxFile /bench/paced.bin -Destination '$BENCH_WORK/back.bin' -Force $command_rate | Out-Null })
    "
    cmp -s "$FILE" "$BENCH_WORK/back.bin" || { echo "The downloaded file differs from the original" >&2; exit 1; }
done
