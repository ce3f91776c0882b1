# Shared by the bench scripts: built binaries, one emulator process per run, pwsh, curl, figures.
# Source it; it sets `set -euo pipefail`. Everything a run creates lives under $BENCH_WORK and is deleted on exit.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EMULATOR="$REPO/src/PSDropbox.Emulator/bin/Release/net10.0/PSDropbox.Emulator"
HOST=()  # pwsh 7.6 from the repository's tool manifest (set by build); the module in out/ loads on first use
export PSModulePath="$REPO/out${PSModulePath:+:$PSModulePath}"
TOKEN="bench-token-$$"
BENCH_WORK=$(mktemp -d "${BENCH_TMP:-/tmp}/psdropbox-bench.XXXXXX")
EMULATOR_PID=""
BASE_URL=""
MIB=$((1024 * 1024))

cleanup() {
    if [[ -n "$EMULATOR_PID" ]]; then kill "$EMULATOR_PID" 2>/dev/null || true; wait "$EMULATOR_PID" 2>/dev/null || true; fi
    rm -rf "$BENCH_WORK"
}
trap cleanup EXIT

# Builds once (Release) unless BENCH_NO_BUILD=1, so that build time never lands in a figure.
build() {
    if [[ "${BENCH_NO_BUILD:-0}" != 1 ]]; then (cd "$REPO" && dotnet tool restore >/dev/null && dotnet build -c Release -v quiet -nologo >/dev/null); fi
    [[ -x "$EMULATOR" && -f "$REPO/out/PSDropbox/PSDropbox.psd1" ]] || { echo "Built binaries not found under src/*/bin/Release and out/" >&2; exit 1; }
    HOST=(dotnet "$(cd "$REPO" && dotnet pwsh -NoProfile -Command '$PSHOME')/pwsh.dll" -NoProfile -NonInteractive)
}

# start_emulator [EXTRA EMULATOR OPTIONS...]: starts the emulator on a free port with its data in $BENCH_WORK/data.
start_emulator() {
    "$EMULATOR" --data "$BENCH_WORK/data" --access-token "$TOKEN" --port 0 "$@" >"$BENCH_WORK/emulator.out" 2>"$BENCH_WORK/emulator.err" &
    EMULATOR_PID=$!
    for _ in $(seq 100); do
        BASE_URL=$(sed -n 's/.*listening on \(http:\/\/127.0.0.1:[0-9]*\).*/\1/p' "$BENCH_WORK/emulator.out" 2>/dev/null || true)
        [[ -n "$BASE_URL" ]] && return 0
        sleep 0.2
    done
    echo "The emulator did not start:" >&2; cat "$BENCH_WORK/emulator.err" >&2; exit 1
}

# start_tls_emulator LATENCY_MS: the emulator behind its TLS proxy (https to Dropbox's hostnames, as rclone and the
# module meet Dropbox) with LATENCY_MS added to every request. Exports the proxy and its CA for every client (CA holds
# the CA file for rclone's --ca-cert) and an rclone remote "emu:" with the long-lived token.
start_tls_emulator() {
    start_emulator --tls-proxy-port 0 --latency "$1"
    local proxy=""
    for _ in $(seq 50); do
        proxy=$(sed -n 's/.*TLS proxy on \(http:\/\/127.0.0.1:[0-9]*\).*/\1/p' "$BENCH_WORK/emulator.out")
        [[ -n "$proxy" ]] && break
        sleep 0.1
    done
    [[ -n "$proxy" ]] || { echo "The emulator's TLS proxy did not start:" >&2; cat "$BENCH_WORK/emulator.err" >&2; exit 1; }
    CA="$BENCH_WORK/data/tls/ca.pem"
    export HTTPS_PROXY="$proxy" NO_PROXY=127.0.0.1 SSL_CERT_FILE="$CA"
    export RCLONE_CONFIG_EMU_TYPE=dropbox
    export RCLONE_CONFIG_EMU_TOKEN="{\"access_token\":\"$TOKEN\",\"token_type\":\"bearer\",\"expiry\":\"2099-01-01T00:00:00Z\"}"
}

# host TEXT: runs PowerShell TEXT in pwsh, connected to the emulator with the long-lived token (connected TEXT
# gives the whole command).
host() { "${HOST[@]}" -Command "$(connected "$1")"; }
connected() { echo "\$ErrorActionPreference = 'Stop'; Connect-Dropbox -AccessToken '$TOKEN' -ApiEndpoint '$BASE_URL'; $1"; }

# api ROUTE ARG_JSON [CURL OPTIONS...]: one content-style request with curl (the baseline client).
api() {
    local route=$1 arg=$2; shift 2
    curl -sS --fail-with-body -X POST "$BASE_URL/2/$route" -H "Authorization: Bearer $TOKEN" -H "Dropbox-API-Arg: $arg" -H "Expect:" "$@"
}

admin() { curl -sS --fail-with-body "$BASE_URL/_emulator/$1" "${@:2}"; }

random_file() { head -c "$2" /dev/urandom >"$1"; }

now() { date +%s.%N; }

# mib_per_s BYTES SECONDS
mib_per_s() { awk -v b="$1" -v s="$2" 'BEGIN { printf "%.1f", b / 1048576 / s }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
