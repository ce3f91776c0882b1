#!/usr/bin/env bash
# Peak RSS (VmHWM, from /usr/bin/time) of the PowerShell host process uploading and downloading large files, against the
# same host doing something trivial (Get-DropboxAccount). Goal: growth <= 2 x chunk size + 64 MiB, flat in file size.
# Usage: bench/memory.sh [SIZE_MIB... (1024 4096)]; CHUNKS="4 default 64" picks the upload chunk sizes (MiB).
source "$(dirname "$0")/lib.sh"

if (($#)); then SIZES=("$@"); else SIZES=(1024 4096); fi
read -r -a CHUNKS <<<"${CHUNKS:-4 default 64}"
DEFAULT_CHUNK_MIB=$(($(sed -n 's/.*DefaultChunkSize = \([0-9* ]*\);.*/\1/p' "$REPO/src/PSDropbox/Transfers/FileUploader.cs") / MIB))

build
start_emulator

peak_mib() { # POWERSHELL -> peak RSS of the host process in MiB
    /usr/bin/time -f %M -o "$BENCH_WORK/peak" "${HOST[@]}" -Command "$(connected "$1")" >/dev/null
    echo $(($(tail -1 "$BENCH_WORK/peak") / 1024))
}

base=$(peak_mib '$null = Get-DropboxAccount')
echo "# memory: peak RSS of the host process, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD)"
echo "baseline (Connect-Dropbox + Get-DropboxAccount): $base MiB"
echo
echo "| transfer | file MiB | chunk MiB | peak MiB | growth MiB | goal: growth <= MiB |"
echo "|---|---|---|---|---|---|"
for size in "${SIZES[@]}"; do
    file="$BENCH_WORK/big.bin"
    random_file "$file" $((size * MIB))
    for c in "${CHUNKS[@]}"; do
        option="" chunk=$DEFAULT_CHUNK_MIB
        [[ $c != default ]] && option="-ChunkSize $((c * MIB))" chunk=$c
        peak=$(peak_mib "Send-DropboxFile -LiteralPath '$file' -Destination '/memory/$size-$c.bin' $option")
        echo "| upload | $size | $c ($chunk) | $peak | $((peak - base)) | $((2 * chunk + 64)) |"
    done
    rm -f "$file"
    peak=$(peak_mib "Receive-DropboxFile '/memory/$size-${CHUNKS[0]}.bin' -Destination '$file'")
    echo "| download | $size | - | $peak | $((peak - base)) | $((2 * DEFAULT_CHUNK_MIB + 64)) |"
    rm -f "$file"
    admin requests -X DELETE >/dev/null
done
