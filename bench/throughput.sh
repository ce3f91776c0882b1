#!/usr/bin/env bash
# Upload and download throughput of Send-/Receive-DropboxFile against curl moving the same bytes through the same
# routes with the same chunking, in one run against one emulator process on loopback.
# Usage: [REPEAT=3] bench/throughput.sh [SIZE_MIB (1024)] [CHUNK_MIB... (default 4 8 16 32 64)]
#   "default" as a chunk size means Send-DropboxFile without -ChunkSize. Module and curl take turns REPEAT times and
#   the best time of each side counts (the machine is shared: the best run is the one least disturbed).
source "$(dirname "$0")/lib.sh"

SIZE_MIB=${1:-1024}
shift || true
if (($#)); then CHUNKS=("$@"); else CHUNKS=(default 4 8 16 32 64); fi
DEFAULT_CHUNK_MIB=$(($(sed -n 's/.*DefaultChunkSize = \([0-9* ]*\);.*/\1/p' "$REPO/src/PSDropbox/Transfers/FileUploader.cs") / MIB))
SIZE=$((SIZE_MIB * MIB))
REPEAT=${REPEAT:-3}

build
start_emulator
FILE="$BENCH_WORK/big.bin"
random_file "$FILE" "$SIZE"
random_file "$BENCH_WORK/warm.bin" $((9 * MIB))

# The module side runs in one host process: JIT and connection set-up are warmed by a small session upload first,
# and each figure is timed inside PowerShell, so process start-up is not in it.
module_upload() { # CHUNK -> seconds
    local option=""
    [[ "$1" != default ]] && option="-ChunkSize $(($1 * MIB))"
    echo "\$w = [System.Diagnostics.Stopwatch]::StartNew()
          Send-DropboxFile -LiteralPath '$FILE' -Destination '/bench/module-$1.bin' -Mode Overwrite $option
          'SECONDS {0:F3}' -f \$w.Elapsed.TotalSeconds"
}
module_download() {
    echo "\$w = [System.Diagnostics.Stopwatch]::StartNew()
          Receive-DropboxFile -Path '/bench/module-$1.bin' -Destination '$BENCH_WORK/module-down.bin' -Force
          'SECONDS {0:F3}' -f \$w.Elapsed.TotalSeconds"
}
module_seconds() { # POWERSHELL -> seconds
    host "Send-DropboxFile -LiteralPath '$BENCH_WORK/warm.bin' -Destination /bench/warm.bin -Mode Overwrite -ChunkSize 4MB
          Receive-DropboxFile /bench/warm.bin -Destination '$BENCH_WORK/warm-down.bin' -Force
          $1" | sed -n 's/^SECONDS //p'
}

# curl: upload_session/start with the first chunk, then one curl process (one kept-alive connection) doing append_v2 per
# chunk and finish with the last one, as the module does. The file is split into chunk files outside the timing.
curl_upload() { # CHUNK_MIB REMOTE -> seconds
    local chunk=$(($1 * MIB)) dir="$BENCH_WORK/chunks"
    rm -rf "$dir" && mkdir "$dir" && split -b "$chunk" -a 4 -d "$FILE" "$dir/c"
    local parts=("$dir"/c*) start session offset i args=() type='Content-Type: application/octet-stream'
    start=$(now)
    session=$(api files/upload_session/start '{}' -H "$type" -T "${parts[0]}" | sed 's/.*"session_id": *"\([^"]*\)".*/\1/')
    offset=$chunk
    for ((i = 1; i < ${#parts[@]} - 1; i++)); do
        args+=(-X POST "$BASE_URL/2/files/upload_session/append_v2" -H "Authorization: Bearer $TOKEN" -H "Expect:" -H "$type" -sS --fail-with-body
            -H "Dropbox-API-Arg: {\"cursor\":{\"session_id\":\"$session\",\"offset\":$offset}}" -T "${parts[i]}" -o /dev/null --next)
        offset=$((offset + chunk))
    done
    curl "${args[@]}" -X POST "$BASE_URL/2/files/upload_session/finish" -H "Authorization: Bearer $TOKEN" -H "Expect:" -H "$type" -sS --fail-with-body \
        -H "Dropbox-API-Arg: {\"cursor\":{\"session_id\":\"$session\",\"offset\":$offset},\"commit\":{\"path\":\"$2\",\"mode\":\"overwrite\"}}" \
        -T "${parts[-1]}" >"$BENCH_WORK/finish.json"
    awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'
    grep -q "\"size\": *$SIZE" "$BENCH_WORK/finish.json" || { echo "curl upload did not commit $SIZE bytes: $(cat "$BENCH_WORK/finish.json")" >&2; exit 1; }
    rm -rf "$dir"
}
curl_download() { # REMOTE -> seconds
    local start
    start=$(now)
    api files/download "{\"path\":\"$1\"}" -o "$BENCH_WORK/curl-down.bin"
    awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'
}

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

echo "# throughput: ${SIZE_MIB} MiB random file, best of $REPEAT, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD)"
echo "| chunk MiB | module up MiB/s | curl up MiB/s | up ratio |"
echo "|---|---|---|---|"
for c in "${CHUNKS[@]}"; do
    curl_chunk=$([[ $c == default ]] && echo "$DEFAULT_CHUNK_MIB" || echo "$c")
    m="" k=""
    for _ in $(seq "$REPEAT"); do
        m=$(min "$m" "$(module_seconds "$(module_upload "$c")")")
        k=$(min "$k" "$(curl_upload "$curl_chunk" "/bench/curl-$c.bin")")
    done
    echo "| $c | $(mib_per_s "$SIZE" "$m") | $(mib_per_s "$SIZE" "$k") | $(ratio "$k" "$m") |"
done

first=${CHUNKS[0]}
m="" k=""
for _ in $(seq "$REPEAT"); do
    m=$(min "$m" "$(module_seconds "$(module_download "$first")")")
    k=$(min "$k" "$(curl_download "/bench/module-$first.bin")")
done
echo
echo "| download | module MiB/s | curl MiB/s | ratio |"
echo "|---|---|---|---|"
echo "| files/download | $(mib_per_s "$SIZE" "$m") | $(mib_per_s "$SIZE" "$k") | $(ratio "$k" "$m") |"
cmp "$FILE" "$BENCH_WORK/module-down.bin" && cmp "$FILE" "$BENCH_WORK/curl-down.bin" || { echo "DOWNLOADED BYTES DIFFER" >&2; exit 1; }
