#!/usr/bin/env bash
# File downloads: how long `ksm secret download` takes for one large attachment, and the
# server's peak memory (VmHWM) after the downloads.
#
#   benches/download.sh [--postgres] [--mib N] [--runs R]
#
# Builds the release ksm-server and ksm, seeds a data directory (a shared folder, a record
# with an attachment of N MiB of random bytes, an application), starts `serve` on 127.0.0.1,
# redeems a token into a throwaway profile and downloads the attachment R times, checking
# each copy against the original. Defaults: 64 MiB, 4 runs, the vault in SQLite; --postgres
# puts it in a new database of a throwaway PostgreSQL (scripts/with-postgres) or of
# KSM_TEST_POSTGRES_URL. KSM_BENCH_SERVER measures another ksm-server binary (an earlier
# commit's) with this tree's admin commands and client.
#
# Prints one line per run (wall seconds, the client's peak RSS) and the server's peak RSS.
# Requirements: cargo, jq, cmp, GNU time (/usr/bin/time); Linux (/proc). Traffic goes to
# 127.0.0.1 (and the PostgreSQL server) only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/wait-for-ready.sh
source "$ROOT/benches/lib/wait-for-ready.sh"
arguments=("$@")
postgres=0
mib=64
runs=4
while (($#)); do
  case "$1" in
    --postgres) postgres=1; shift ;;
    --mib) mib="${2:-}"; shift 2 ;;
    --runs) runs="${2:-}"; shift 2 ;;
    *) echo "usage: benches/download.sh [--postgres] [--mib N] [--runs R]" >&2; exit 2 ;;
  esac
done
[[ "$mib" =~ ^[1-9][0-9]*$ ]] && ((mib <= 100)) || { echo "download.sh: --mib takes 1 to 100 (the default --max-file-bytes)" >&2; exit 2; }
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "download.sh: --runs takes a positive whole number" >&2; exit 2; }
for tool in cargo jq cmp /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "download.sh: $tool is required" >&2; exit 1; }
done

if ((postgres)) && [[ -z "${KSM_TEST_POSTGRES_URL:-}" ]]; then
  exec "$ROOT/scripts/with-postgres" "$0" "${arguments[@]}"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/ksm-download-bench.XXXXXX")"
server_pid=""
database=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  if [[ -n "$database" ]]; then psql "$KSM_TEST_POSTGRES_URL" -X -q -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

unset KSM_SERVER_DATABASE
if ((postgres)); then
  database="ksm_download_bench_$$"
  PGOPTIONS="-c client_min_messages=warning" psql "$KSM_TEST_POSTGRES_URL" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $database"
  export KSM_SERVER_DATABASE="${KSM_TEST_POSTGRES_URL%/*}/$database"
fi

echo "== building release binaries" >&2
(cd "$ROOT" && cargo build --release --quiet --locked -p ksm-server -p ksm)
bin="${CARGO_TARGET_DIR:-$ROOT/target}/release"
server="${KSM_BENCH_SERVER:-$bin/ksm-server}"
data="$work/data"
admin() { "$bin/ksm-server" --data-dir "$data" --keystore "$work/owner.json" "$@"; }

echo "== seeding a record with a $mib MiB attachment" >&2
admin init --key-file "$work/owner.key" --json >/dev/null
folder="$(admin folder add --title Bench --json | jq -r .uid)"
record="$(admin record add --folder "$folder" -t "Bench file" --json | jq -r .uid)"
head -c $((mib * 1024 * 1024)) /dev/urandom >"$work/original.bin"
file_uid="$(admin file attach --record "$record" --path "$work/original.bin" --json | jq -r .uid)"
app="$(admin app add --title "Bench app" --json | jq -r .uid)"
admin app share --app "$app" --folder "$folder" >/dev/null

"$server" --data-dir "$data" serve --listen 127.0.0.1:0 --ready-file "$work/ready.json" >/dev/null 2>"$work/serve.log" &
server_pid=$!
wait_for_ready download.sh "$server_pid" "$work/ready.json" "$work/serve.log" 30
admin client add --app "$app" --hostname "$(jq -r .hostname "$work/ready.json")" --json >"$work/token.json"
export KSM_CONFIG_DIR="$work/ksm"
unset KSM_CONFIG KSM_CLI_PROFILE KSM_HOSTNAME
read -r -a init_args <<<"$(jq -r '.init_args | join(" ")' "$work/token.json")"
KSM_CLI_TOKEN="$(jq -r .token "$work/token.json")" "$bin/ksm" "${init_args[@]}" --key-file "$work/profile.key" >/dev/null

engine=SQLite
if [[ -n "$database" ]]; then engine=PostgreSQL; fi
echo "== $runs downloads of $mib MiB ($engine, $server)"
for ((run = 1; run <= runs; run++)); do
  rm -f "$work/copy.bin"
  /usr/bin/time -f "run $run: %e s, ksm peak RSS %M KiB" \
    "$bin/ksm" secret download -u "$record" --file-uid "$file_uid" --file-output "$work/copy.bin"
  cmp -s "$work/original.bin" "$work/copy.bin" || { echo "download.sh: run $run's copy differs from the original" >&2; exit 1; }
done
echo "ksm-server peak RSS: $(awk '/^VmHWM/ { print $2, $3 }' "/proc/$server_pid/status")"
