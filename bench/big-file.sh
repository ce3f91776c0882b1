#!/usr/bin/env bash
# One big file: Send-DropboxFile and Receive-DropboxFile against rclone 1.60 `copyto` with its defaults, both through
# the emulator's TLS proxy with --latency LATENCY_MS per request (as bench/many-files.sh), plus the peak RSS growth of
# the module's host process over the same host sending one small file (goal: <= 16 (ThrottleLimit) x chunk + 64 MiB).
# Usage: [LATENCY_MS=50] [REPEAT=1] bench/big-file.sh [SIZE_MIB (1024)]
#   The module is timed inside PowerShell after a small warm-up transfer; rclone's time includes its process start.
#   Every download is compared byte for byte with the original.
source "$(dirname "$0")/lib.sh"

SIZE_MIB=${1:-1024}
LATENCY_MS=${LATENCY_MS:-50}
REPEAT=${REPEAT:-1}

build
start_tls_emulator "$LATENCY_MS"

BIG="$BENCH_WORK/big.bin"
random_file "$BIG" $((SIZE_MIB * MIB))
echo warm >"$BENCH_WORK/warm.txt"

# module COMMAND -> "SECONDS PEAK_MIB": COMMAND timed after a warm-up upload, in a host whose peak RSS is measured.
module() {
    /usr/bin/time -f %M -o "$BENCH_WORK/peak" "${HOST[@]}" -Command "\$ErrorActionPreference = 'Stop'
        Connect-Dropbox -AccessToken '$TOKEN' | Out-Null
        Send-DropboxFile '$BENCH_WORK/warm.txt' /warm/ -Mode Overwrite
        Receive-DropboxFile /warm/warm.txt -Destination '$BENCH_WORK/warm.out' -Force
        \$w = [System.Diagnostics.Stopwatch]::StartNew()
        $1
        'SECONDS {0:F3}' -f \$w.Elapsed.TotalSeconds" >"$BENCH_WORK/module.out"
    echo "$(sed -n 's/^SECONDS //p' "$BENCH_WORK/module.out") $(($(tail -1 "$BENCH_WORK/peak") / 1024))"
}
rclone_timed() { # RCLONE ARGS... -> seconds
    local start end
    start=$(now)
    rclone --ca-cert "$CA" "$@" 2>"$BENCH_WORK/rclone.err" || { cat "$BENCH_WORK/rclone.err" >&2; exit 1; }
    end=$(now)
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
same() { cmp -s "$BIG" "$1" || { echo "$1 differs from the original" >&2; exit 1; }; rm -f "$1"; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

baseline=$(module "Send-DropboxFile '$BENCH_WORK/warm.txt' /warm/again.txt -Mode Overwrite" | cut -d' ' -f2)
up_r="" up_m="" down_r="" down_m="" peak_up=0 peak_down=0
for ((i = 0; i < REPEAT; i++)); do
    up_r=$(min "$up_r" "$(rclone_timed copyto "$BIG" "emu:big/rclone-$i.bin")")
    read -r s p < <(module "Send-DropboxFile -LiteralPath '$BIG' -Destination /big/module-$i.bin")
    up_m=$(min "$up_m" "$s"); ((p > peak_up)) && peak_up=$p
    down_r=$(min "$down_r" "$(rclone_timed copyto "emu:big/rclone-$i.bin" "$BENCH_WORK/rclone.out")")
    same "$BENCH_WORK/rclone.out"
    read -r s p < <(module "Receive-DropboxFile /big/module-$i.bin -Destination '$BENCH_WORK/module.bin'")
    down_m=$(min "$down_m" "$s"); ((p > peak_down)) && peak_down=$p
    same "$BENCH_WORK/module.bin"
done

echo "# big-file: $SIZE_MIB MiB, TLS proxy, latency ${LATENCY_MS} ms, best of $REPEAT, $(nproc) cores," \
    "load $(cut -d' ' -f1 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD), $(rclone version | head -1)"
echo "| direction | rclone s | module s | module / rclone speed | module peak RSS growth MiB |"
echo "|---|---|---|---|---|"
echo "| upload | $up_r | $up_m | $(ratio "$up_r" "$up_m")x | $((peak_up - baseline)) |"
echo "| download | $down_r | $down_m | $(ratio "$down_r" "$down_m")x | $((peak_down - baseline)) |"
