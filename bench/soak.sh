#!/usr/bin/env bash
# The soak of issue #8 at full size: 1 GiB in one file + 1,000 small files uploaded with Send-DropboxFile -Recurse,
# listed, and downloaded back with Receive-DropboxFile -Recurse, while the emulator throttles, fails, cuts connections
# and expires the access token every 60 s (the module signs in with a refresh token and must refresh on its own).
# Usage: [FAULTS=SPEC] [FAULT_SEED=N] bench/soak.sh [BIG_MIB (1024)] [SMALL_FILES (1000)]
source "$(dirname "$0")/lib.sh"

BIG_MIB=${1:-1024}
SMALL_FILES=${2:-1000}
FAULTS=${FAULTS:-429=0.1,retryafter=0.5,503=0.05,cut=0.05,expire=60}
FAULT_SEED=${FAULT_SEED:-2026}
APP=bench-app

# Dropbox content_hash with coreutils: SHA-256 of each 4 MiB block, SHA-256 of the concatenated block digests.
content_hash() { split -b 4194304 --filter=sha256sum "$1" | cut -c1-64 | xxd -r -p | sha256sum | cut -c1-64; }

# The emulator's sign-in, as a browser and an app would do it: consent page, Allow, code exchange (PKCE plain, offline).
refresh_token() {
    local verifier consent code
    verifier=$(head -c 48 /dev/urandom | base64 | tr -d '=+/\n' | cut -c1-64)
    consent=$(curl -sS "$BASE_URL/oauth2/authorize?response_type=code&client_id=$APP&token_access_type=offline&code_challenge=$verifier&code_challenge_method=plain" |
        sed -n 's/.*name="consent" value="\([^"]*\)".*/\1/p')
    code=$(curl -sS "$BASE_URL/oauth2/authorize" --data-urlencode "consent=$consent" -d decision=allow | sed -n 's/.*<code id="code">\([^<]*\)<.*/\1/p')
    curl -sS --fail-with-body "$BASE_URL/oauth2/token" -d grant_type=authorization_code -d "code=$code" -d "client_id=$APP" -d "code_verifier=$verifier" |
        jq -r .refresh_token
}

build
start_emulator --app-key "$APP" --faults "$FAULTS" --fault-seed "$FAULT_SEED"
REFRESH=$(refresh_token)
[[ "$REFRESH" != null && -n "$REFRESH" ]] || { echo "Could not get a refresh token from the emulator" >&2; exit 1; }
soak() { # POWERSHELL, run signed in with the refresh token (access tokens expire under the faults)
    "${HOST[@]}" -Command "\$ErrorActionPreference = 'Stop'; Connect-Dropbox -AppKey '$APP' -RefreshToken '$REFRESH' -ApiEndpoint '$BASE_URL'; $1"
}
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }'; }

TREE="$BENCH_WORK/tree"
BACK="$BENCH_WORK/back"
mkdir -p "$TREE"
random_file "$TREE/big.bin" $((BIG_MIB * MIB))
for ((i = 0; i < SMALL_FILES; i++)); do
    mkdir -p "$TREE/d$((i % 20))"
    random_file "$TREE/d$((i % 20))/small-$i.bin" $((RANDOM % 20000))
done
(cd "$TREE" && find . -type f | sort | while read -r f; do echo "${f#./} $(content_hash "$f")"; done) >"$BENCH_WORK/local.txt"
admin requests -X DELETE >/dev/null

start=$(now)
soak "Send-DropboxFile -LiteralPath '$TREE' -Destination /soak/ -Recurse"
upload_s=$(elapsed "$start")

start=$(now)
soak "Get-DropboxChildItem /soak/tree -Recurse | Where-Object { \$_ -is [PSDropbox.DropboxFile] } |
      ForEach-Object { '{0} {1}' -f \$_.Path.Substring('/soak/tree/'.Length), \$_.ContentHash }" | sort >"$BENCH_WORK/remote.txt"
list_s=$(elapsed "$start")

start=$(now)
soak "Receive-DropboxFile /soak/tree -Destination '$BACK' -Recurse"
download_s=$(elapsed "$start")
# A folder lands as DEST/<its name> (issue #15's rule): the tree is $BACK/tree.
(cd "$BACK/tree" && find . -type f | sort | while read -r f; do echo "${f#./} $(content_hash "$f")"; done) >"$BENCH_WORK/back.txt"

admin requests >"$BENCH_WORK/requests.json"
faults() { jq -r "[.[] | select(.fault != null and (.fault | $1))] | length" "$BENCH_WORK/requests.json"; }
remote_missing=$(comm -23 "$BENCH_WORK/local.txt" "$BENCH_WORK/remote.txt" | wc -l)
remote_extra=$(comm -13 "$BENCH_WORK/local.txt" "$BENCH_WORK/remote.txt" | wc -l)
back_missing=$(comm -23 "$BENCH_WORK/local.txt" "$BENCH_WORK/back.txt" | wc -l)
back_extra=$(comm -13 "$BENCH_WORK/local.txt" "$BENCH_WORK/back.txt" | wc -l)
duplicates=$(grep -c ' ([0-9]*)' "$BENCH_WORK/remote.txt" || true)
partials=$(find "$BACK" -name '*.psdropbox-partial' | wc -l)

echo "# soak: ${BIG_MIB} MiB file + $SMALL_FILES small files, faults $FAULTS (seed $FAULT_SEED), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$REPO" rev-parse --short HEAD)"
echo "| | |"
echo "|---|---|"
echo "| upload / list / download seconds | $upload_s / $list_s / $download_s |"
echo "| local files / listed remotely / downloaded | $(wc -l <"$BENCH_WORK/local.txt") / $(wc -l <"$BENCH_WORK/remote.txt") / $(wc -l <"$BENCH_WORK/back.txt") |"
echo "| remote: missing or different hash / unexpected | $remote_missing / $remote_extra |"
echo "| downloaded: missing or different hash / unexpected | $back_missing / $back_extra |"
echo "| \"(n)\" duplicates / .psdropbox-partial files | $duplicates / $partials |"
echo "| API requests logged | $(jq length "$BENCH_WORK/requests.json") |"
echo "| faults: 429+retry-after / 429 / 503 / cut request / cut response / token expired | $(faults 'startswith("429+")') / $(faults '. == "429"') / $(faults '. == "503"') / $(faults 'startswith("cut-request")') / $(faults 'startswith("cut-response")') / $(faults '. == "expire"') |"
echo "| oauth2/token calls (code exchange + one per host process + refreshes) | $(jq '[.[] | select(.route == "oauth2/token")] | length' "$BENCH_WORK/requests.json") |"
((remote_missing + remote_extra + back_missing + back_extra + duplicates + partials == 0)) || { echo "SOAK FAILED" >&2; exit 1; }
