#!/usr/bin/env bash
# Issue #19's goal: encrypted (rclone crypt) upload and download throughput at least 0.8 x unencrypted. Moves one random
# file of SIZE_MIB (default 256) with Send-/Receive-DropboxFile into a plain folder and into a folder registered with
# Register-DropboxCryptFolder, REPEAT times each (default 3), taking turns; the best time of each side counts. Times are
# taken inside pwsh around the transfer only (no start-up, no connect, no scrypt), after a warm-up; both downloads are
# compared byte for byte with the original. By default the emulator is reached on loopback over plain http: the cipher
# competes with the emulator for the same cores and nothing else costs time, the hardest case. With TLS_PROXY=1 both
# sides go through the emulator's TLS proxy (https to Dropbox's hostnames, as against Dropbox) with LATENCY_MS per request.
# Usage: [REPEAT=N] [TLS_PROXY=1 [LATENCY_MS=50]] bench/crypt.sh [SIZE_MIB (256)]
source "$(dirname "$0")/lib.sh"

SIZE_MIB=${1:-256}
REPEAT=${REPEAT:-3}
build
if [[ "${TLS_PROXY:-0}" == 1 ]]; then
    start_tls_emulator "${LATENCY_MS:-50}"
    host() { "${HOST[@]}" -Command "\$ErrorActionPreference = 'Stop'; Connect-Dropbox -AccessToken '$TOKEN' | Out-Null; $1"; }
    echo "# through the TLS proxy, latency ${LATENCY_MS:-50} ms per request"
else
    start_emulator
    echo "# loopback http, no latency"
fi
FILE="$BENCH_WORK/data.bin"
random_file "$FILE" $((SIZE_MIB * MIB))

host "
    Register-DropboxCryptFolder -Path /vault -Password bench-password -Salt bench-salt
    \$bytes = (Get-Item '$FILE').Length
    function Time([scriptblock]\$transfer) { (Measure-Command \$transfer).TotalSeconds }
    \$warm = [IO.Path]::Combine('$BENCH_WORK', 'warm.bin'); [IO.File]::WriteAllBytes(\$warm, [byte[]]::new(8MB))
    foreach (\$folder in '/plain', '/vault') {
        Send-DropboxFile -LiteralPath \$warm -Destination \"\$folder/warm.bin\" -Mode Overwrite
        Receive-DropboxFile \"\$folder/warm.bin\" -Destination \$warm -Force
    }
    \$best = @{}
    foreach (\$round in 1..$REPEAT) {
        foreach (\$folder in '/plain', '/vault') {
            \$up = Time { Send-DropboxFile -LiteralPath '$FILE' -Destination \"\$folder/data.bin\" -Mode Overwrite }
            \$back = [IO.Path]::Combine('$BENCH_WORK', \$folder.Trim('/') + '.bin')
            \$down = Time { Receive-DropboxFile \"\$folder/data.bin\" -Destination \$back -Force }
            foreach (\$pair in @(@(\"\$folder up\", \$up), @(\"\$folder down\", \$down))) {
                if (-not \$best.ContainsKey(\$pair[0]) -or \$pair[1] -lt \$best[\$pair[0]]) { \$best[\$pair[0]] = \$pair[1] }
            }
        }
    }
    \$mib = \$bytes / 1MB
    '| direction | unencrypted MiB/s | encrypted MiB/s | ratio (goal >= 0.8) |'
    '|---|---|---|---|'
    foreach (\$direction in 'up', 'down') {
        \$plain = \$mib / \$best[\"/plain \$direction\"]; \$crypt = \$mib / \$best[\"/vault \$direction\"]
        '| {0} | {1:0.0} | {2:0.0} | {3:0.00} |' -f \$direction, \$plain, \$crypt, (\$crypt / \$plain)
    }
"
for side in plain vault; do
    cmp -s "$FILE" "$BENCH_WORK/$side.bin" || { echo "The $side download differs from the original" >&2; exit 1; }
done
