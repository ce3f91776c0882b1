#!/usr/bin/env bash
# Many small files: Send-DropboxFile -Recurse and Receive-DropboxFile -Recurse against rclone 1.60 `copy` (with its defaults, and with --transfers 16),
# every client through the emulator's TLS proxy (https to api/content.dropboxapi.com, as against Dropbox) and with
# --latency LATENCY_MS added to every request, a stand-in for a real round trip. One emulator process, one run.
# Usage: [LATENCY_MS=50] [REPEAT=1] [DIRECTION=both|up|down] bench/many-files.sh [COUNT (1000)] [SIZE_KIB (16)] [THROTTLE_LIMIT... (the cmdlets' defaults)]
#   Several -ThrottleLimit values measure the module at each (how the default was chosen). Each side runs REPEAT times
#   into a fresh folder and the best time counts. The module is timed inside PowerShell after a one-file warm-up (no
#   process start-up, no JIT); rclone's time includes its process start (~0.1 s).
source "$(dirname "$0")/lib.sh"

COUNT=${1:-1000}
SIZE_KIB=${2:-16}
shift 2 || shift $# || true
if (($#)); then THROTTLES=("$@"); else THROTTLES=(default); fi
LATENCY_MS=${LATENCY_MS:-50}
REPEAT=${REPEAT:-1}
DIRECTION=${DIRECTION:-both}

build
start_tls_emulator "$LATENCY_MS"

TREE="$BENCH_WORK/tree/many"
mkdir -p "$TREE"
for ((i = 0; i < COUNT; i++)); do head -c $((SIZE_KIB * 1024)) /dev/urandom >"$TREE/$(printf 'f%05d.bin' "$i")"; done
echo warm >"$BENCH_WORK/warm.txt"

module_seconds() { # THROTTLE -> seconds (the files land in /m<run>/many; checked)
    local run
    run=$(date +%s%N)
    "${HOST[@]}" -Command "\$ErrorActionPreference = 'Stop'
        Connect-Dropbox -AccessToken '$TOKEN' | Out-Null
        Send-DropboxFile '$BENCH_WORK/warm.txt' /warm/ -Mode Overwrite
        \$w = [System.Diagnostics.Stopwatch]::StartNew()
        Send-DropboxFile '$TREE' /m$run -Recurse $(throttle_option "$1")
        \$s = \$w.Elapsed.TotalSeconds
        \$n = @(Get-DropboxChildItem /m$run/many | Where-Object { \$_ -is [PSDropbox.DropboxFile] }).Count
        if (\$n -ne $COUNT) { throw \"\$n files uploaded, not $COUNT\" }
        'SECONDS {0:F3}' -f \$s" | sed -n 's/^SECONDS //p'
}
rclone_seconds() { # RCLONE OPTIONS... -> seconds
    local run
    run=$(date +%s%N)
    local start end n
    start=$(now)
    rclone --ca-cert "$CA" copy "$TREE" "emu:r$run/many" "$@" 2>"$BENCH_WORK/rclone.err" || { cat "$BENCH_WORK/rclone.err" >&2; exit 1; }
    end=$(now)
    n=$(rclone --ca-cert "$CA" lsf "emu:r$run/many" 2>/dev/null | wc -l)
    [[ "$n" == "$COUNT" ]] || { echo "rclone uploaded $n files, not $COUNT" >&2; exit 1; }
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
throttle_option() { [[ "$1" == default ]] || echo "-ThrottleLimit $1"; }
throttle_label() { if [[ "$1" == default ]]; then echo "(default -ThrottleLimit)"; else echo "-ThrottleLimit $1"; fi; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
best() { local m="" i; for ((i = 0; i < REPEAT; i++)); do m=$(min "$m" "$("$@")"); done; echo "$m"; }

if [[ "$DIRECTION" != down ]]; then
echo "# many-files: $COUNT x $SIZE_KIB KiB upload, TLS proxy, latency ${LATENCY_MS} ms, best of $REPEAT, $(nproc) cores," \
    "load $(cut -d' ' -f1 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD), $(rclone version | head -1)"
r_default=$(best rclone_seconds)
r_16=$(best rclone_seconds --transfers 16)
echo "| client | seconds | files/s |"
echo "|---|---|---|"
echo "| rclone copy (defaults) | $r_default | $(ratio "$COUNT" "$r_default") |"
echo "| rclone copy --transfers 16 | $r_16 | $(ratio "$COUNT" "$r_16") |"
for t in "${THROTTLES[@]}"; do
    m=$(best module_seconds "$t")
    echo "| Send-DropboxFile -Recurse $(throttle_label "$t") | $m | $(ratio "$COUNT" "$m") |"
    echo "|   ratio vs rclone defaults / vs --transfers 16 | $(ratio "$r_default" "$m")x / $(ratio "$r_16" "$m")x | |"
done
fi

# Download: the same tree seeded once as /dl/many (the emulator's test API, no client involved); every client copies it
# into a fresh local folder, and the file count is checked.
[[ "$DIRECTION" == up ]] && exit 0
admin seed -X POST -H 'Content-Type: application/json' -d "{\"source\": \"$BENCH_WORK/tree\", \"path\": \"/dl\"}" >/dev/null
module_down_seconds() { # THROTTLE -> seconds
    local dest="$BENCH_WORK/down/m$(date +%s%N)"
    "${HOST[@]}" -Command "\$ErrorActionPreference = 'Stop'
        Connect-Dropbox -AccessToken '$TOKEN' | Out-Null
        Receive-DropboxFile /dl/many/f00000.bin -Destination '$BENCH_WORK/down/warm.bin' -Force
        \$w = [System.Diagnostics.Stopwatch]::StartNew()
        Receive-DropboxFile /dl/many -Destination '$dest' -Recurse $(throttle_option "$1")
        \$s = \$w.Elapsed.TotalSeconds
        \$n = @(Get-ChildItem '$dest/many' -File).Count
        if (\$n -ne $COUNT) { throw \"\$n files downloaded, not $COUNT\" }
        'SECONDS {0:F3}' -f \$s" | sed -n 's/^SECONDS //p'
    rm -rf "$dest"
}
rclone_down_seconds() { # RCLONE OPTIONS... -> seconds
    local dest="$BENCH_WORK/down/r$(date +%s%N)" start end n
    start=$(now)
    rclone --ca-cert "$CA" copy "emu:dl/many" "$dest" "$@" 2>"$BENCH_WORK/rclone.err" || { cat "$BENCH_WORK/rclone.err" >&2; exit 1; }
    end=$(now)
    n=$(find "$dest" -type f | wc -l)
    [[ "$n" == "$COUNT" ]] || { echo "rclone downloaded $n files, not $COUNT" >&2; exit 1; }
    rm -rf "$dest"
    awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}
mkdir -p "$BENCH_WORK/down"
echo "# many-files: $COUNT x $SIZE_KIB KiB download, TLS proxy, latency ${LATENCY_MS} ms, best of $REPEAT, $(nproc) cores," \
    "load $(cut -d' ' -f1 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD), $(rclone version | head -1)"
d_default=$(best rclone_down_seconds)
d_16=$(best rclone_down_seconds --transfers 16)
echo "| client | seconds | files/s |"
echo "|---|---|---|"
echo "| rclone copy (defaults) | $d_default | $(ratio "$COUNT" "$d_default") |"
echo "| rclone copy --transfers 16 | $d_16 | $(ratio "$COUNT" "$d_16") |"
for t in "${THROTTLES[@]}"; do
    m=$(best module_down_seconds "$t")
    echo "| Receive-DropboxFile -Recurse $(throttle_label "$t") | $m | $(ratio "$COUNT" "$m") |"
    echo "|   ratio vs rclone defaults / vs --transfers 16 | $(ratio "$d_default" "$m")x / $(ratio "$d_16" "$m")x | |"
done
