#!/usr/bin/env bash
# ksm-server throughput: get_secret requests per second and latency percentiles.
#
#   benches/server.sh [--dry-run]
#
# Builds the release `ksm-server` and `ksm-loadgen`, then for an application that sees 10
# records and one that sees 10,000 records, for each backend and number of replicas asked for
# (default: SQLite, one process):
#   * creates a throwaway data directory (with PostgreSQL, also a new database), a shared
#     folder, the records (`record import`) and an application sharing the folder;
#   * starts `ksm-server serve --rate-limit 0` on a free port of 127.0.0.1, or N replicas:
#     N `serve` processes on the one PostgreSQL database, each with a data directory holding a
#     copy of the first one's server-identity.json and tls/ (as docs/self-hosting.md deploys
#     them), each on its own port;
#   * for 1, 4 and 16 devices mints that many tokens and runs ksm-loadgen: every device binds,
#     then the devices send signed get_secret requests concurrently until a fixed total is
#     reached (warm-up first); every answer is decrypted and its record count checked (one the
#     same byte for byte as the last checked is compared with it). With N
#     replicas the devices are spread round-robin over them (device i talks to replica i mod N);
#   * stops the servers and removes the data directories (and drops the database).
# The results (a table plus machine information) replace the block between
# `<!-- server:start -->` and `<!-- server:end -->` in docs/performance.md; with --dry-run the
# block is printed instead.
#
# Requirements: cargo, jq, awk, timeout (coreutils); for PostgreSQL, psql and, unless
# KSM_TEST_POSTGRES_URL is set, what scripts/with-postgres needs (Debian's postgresql
# package). Traffic goes to 127.0.0.1 (and the PostgreSQL server) only. Every load run has a
# fixed request count and a time limit, so the script always stops by itself.
#
# Environment:
#   KSM_BENCH_SIZES          vault sizes (records)            default "10 10000"
#   KSM_BENCH_DEVICES        concurrent devices               default "1 4 16"
#   KSM_BENCH_SMALL_REQUESTS requests per run, <= 100 records default 2000
#   KSM_BENCH_LARGE_REQUESTS requests per run, larger vaults  default 200
#   KSM_BENCH_BACKENDS       where the vault is: "sqlite", "postgres" or both default "sqlite"
#   KSM_BENCH_REPLICAS       numbers of serve processes, e.g. "1 2" default "1"; more than one
#                            needs PostgreSQL (SQLite serves one process: such runs are skipped)
#   KSM_TEST_POSTGRES_URL    postgres://USER@HOST:PORT/DBNAME of a PostgreSQL server on which
#                            USER may create databases (the bench creates and drops one per
#                            vault there); unset, the script runs itself under
#                            scripts/with-postgres, which starts a throwaway server
#   KSM_BENCH_NOTE           a sentence added to the block (e.g. what else was running)
#   KSM_BENCH_SERVER         a ksm-server binary to measure instead of this tree's release
#                            build (e.g. an earlier commit's, for a ratio in the same session)
#   KSM_BENCH_SERVER_CPUS    hold each serve process to this many cores (e.g. 0.5), each in a
#                            cgroup of its own, as a container's CPU limit would; the load
#                            generator and PostgreSQL keep the rest of the machine. Measures
#                            the server rather than the cores it shares. Needs the cgroup cpu
#                            controller writable (root). Unset: no limit

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/wait-for-ready.sh
source "$ROOT/benches/lib/wait-for-ready.sh"
# shellcheck source=lib/cpu-quota.sh
source "$ROOT/benches/lib/cpu-quota.sh"
DOC="$ROOT/docs/performance.md"
SIZES="${KSM_BENCH_SIZES:-10 10000}"
DEVICES="${KSM_BENCH_DEVICES:-1 4 16}"
SMALL_REQUESTS="${KSM_BENCH_SMALL_REQUESTS:-2000}"
LARGE_REQUESTS="${KSM_BENCH_LARGE_REQUESTS:-200}"
BACKENDS="${KSM_BENCH_BACKENDS:-sqlite}"
REPLICAS="${KSM_BENCH_REPLICAS:-1}"
RUN_TIMEOUT=900   # seconds for one ksm-loadgen run (binds, warm-up and measurement)
READY_TIMEOUT=30  # seconds for a server to start listening
MAX_REPLICAS=8
DRY_RUN=0

case "${1:-}" in
  "") ;;
  --dry-run) DRY_RUN=1 ;;
  *) echo "usage: benches/server.sh [--dry-run]" >&2; exit 2 ;;
esac

uses_postgres=0
for backend in $BACKENDS; do
  case "$backend" in
    sqlite) ;;
    postgres) uses_postgres=1 ;;
    *) echo "server.sh: KSM_BENCH_BACKENDS names '$backend'; use sqlite and/or postgres" >&2; exit 2 ;;
  esac
done
for replicas in $REPLICAS; do
  if ! [[ "$replicas" =~ ^[1-9][0-9]*$ ]] || ((replicas > MAX_REPLICAS)); then
    echo "server.sh: KSM_BENCH_REPLICAS names '$replicas'; use whole numbers from 1 to $MAX_REPLICAS" >&2
    exit 2
  fi
done

for tool in cargo jq awk timeout; do
  command -v "$tool" >/dev/null || { echo "server.sh: $tool is required" >&2; exit 1; }
done
SERVER_CPUS="${KSM_BENCH_SERVER_CPUS:-}"
if [[ -n "$SERVER_CPUS" ]]; then cpu_quota_init server.sh "$SERVER_CPUS" || exit; fi

# The load of whatever else runs on this machine, before we add ours (kept across the re-run
# under scripts/with-postgres, whose initdb would count as load).
LOAD_BEFORE="${KSM_BENCH_LOAD_BEFORE:-$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)}"

if ((uses_postgres)) && [[ -z "${KSM_TEST_POSTGRES_URL:-}" ]]; then
  echo "== starting a throwaway PostgreSQL (scripts/with-postgres)" >&2
  KSM_BENCH_LOAD_BEFORE="$LOAD_BEFORE" KSM_BENCH_POSTGRES_STARTED=1 exec "$ROOT/scripts/with-postgres" "$0" "$@"
fi
if ((uses_postgres)); then
  command -v psql >/dev/null || { echo "server.sh: psql is required for the PostgreSQL runs" >&2; exit 1; }
  PG_URL="$KSM_TEST_POSTGRES_URL"
  pg() { PGOPTIONS="-c client_min_messages=warning" psql "$PG_URL" -X -q -v ON_ERROR_STOP=1 "$@"; }
fi
# Only the runs that ask for PostgreSQL get a database URL.
unset KSM_SERVER_DATABASE

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ksm-server-bench.XXXXXX")"
SERVER_PIDS=()
DATABASE_NAME=""   # the PostgreSQL database of the current vault, dropped when it is done

stop_servers() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  SERVER_PIDS=()
  cpu_quota_release
}
# The stopped servers' sessions end a moment after them: a few tries.
drop_database() {
  local try
  if [[ -n "$DATABASE_NAME" ]]; then
    for ((try = 1; try <= 20; try++)); do
      pg -c "DROP DATABASE IF EXISTS $DATABASE_NAME" && break
      sleep 0.5
    done
    ((try <= 20)) || echo "server.sh: could not drop the database $DATABASE_NAME" >&2
    DATABASE_NAME=""
  fi
}
cleanup() {
  stop_servers
  drop_database
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== building release binaries" >&2
(cd "$ROOT" && cargo build --release --quiet -p ksm-server -p ksm-loadgen)
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
SERVER="${KSM_BENCH_SERVER:-$TARGET_DIR/release/ksm-server}"
LOADGEN="$TARGET_DIR/release/ksm-loadgen"
[[ -x "$SERVER" && -x "$LOADGEN" ]] || { echo "server.sh: release binaries not found in $TARGET_DIR" >&2; exit 1; }

# A JSON array of `count` login records for `record import`.
make_records() {
  awk -v count="$1" 'BEGIN {
    srand(7)
    printf "["
    for (i = 1; i <= count; i++) {
      password = ""
      for (j = 0; j < 24; j++) password = password substr("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", int(rand() * 56) + 1, 1)
      printf "%s{\"type\":\"login\",\"title\":\"Bench login %05d\",\"fields\":[{\"type\":\"login\",\"value\":[\"user%05d@example.com\"]},{\"type\":\"password\",\"value\":[\"%s\"]},{\"type\":\"url\",\"value\":[\"https://service-%05d.example.com/login\"]}],\"notes\":\"generated by benches/server.sh\"}", (i > 1 ? "," : ""), i, i, password, i
    }
    printf "]\n"
  }'
}

# The vault being measured: its data directory, the owner keystore (outside it, under a key
# file: no prompt) and, with PostgreSQL, the database URL in the environment (not argv).
DATA=""
KEYSTORE=""
DB_ENV=()
ksm_server() { env "${DB_ENV[@]}" "$SERVER" "$@"; }
admin() { ksm_server --data-dir "$DATA" --keystore "$KEYSTORE" "$@"; }

# Starts `serve` on the data directory $1 and sets STARTED_HOST to its HOST:PORT (not through
# a command substitution: the server must be a child of this shell to be stopped).
STARTED_HOST=""
start_server() {
  local dir="$1" ready="$1.ready.json" pid
  # A simple command (not the ksm_server function, which would run in a subshell), so that
  # $! is the server's own process id (env replaces itself with it).
  env "${DB_ENV[@]}" "$SERVER" --data-dir "$dir" serve --rate-limit 0 --listen 127.0.0.1:0 \
    --ready-file "$ready" >/dev/null 2>"$dir.serve.log" &
  pid=$!
  SERVER_PIDS+=("$pid")
  if [[ -n "$SERVER_CPUS" ]] && ! cpu_quota_hold "$pid"; then
    echo "server.sh: cannot hold serve (process $pid) to $SERVER_CPUS cores" >&2
    return 1
  fi
  wait_for_ready server.sh "$pid" "$ready" "$dir.serve.log" "$READY_TIMEOUT" || return 1
  STARTED_HOST="$(jq -r .hostname "$ready")"
}

RESULTS="$WORK/results.tsv"
: >"$RESULTS"

# Seeds a vault of $1 records in backend $2, serves it with $3 replicas and runs every device
# count against it; one line per run goes to $RESULTS.
measure() {
  local size="$1" backend="$2" replicas="$3" requests="$4"
  local tag="$size-$backend-$replicas" folder app first hosts i k devices tokens key key_id warmup out
  DATA="$WORK/data-$tag"
  KEYSTORE="$WORK/owner-$tag.json"
  DB_ENV=()
  if [[ "$backend" == postgres ]]; then
    DATABASE_NAME="ksm_bench_${size}_$replicas"
    pg -c "DROP DATABASE IF EXISTS $DATABASE_NAME" -c "CREATE DATABASE $DATABASE_NAME"
    DB_ENV=("KSM_SERVER_DATABASE=${PG_URL%/*}/$DATABASE_NAME")
  fi

  echo "== $size records, $backend: seeding" >&2
  admin init --key-file "$WORK/owner-$tag.key" --json >/dev/null
  folder="$(admin folder add --title "Bench $size" --json | jq -r .uid)"
  admin record import --folder "$folder" --from-json "$WORK/records-$size.json" --json >/dev/null
  app="$(admin app add --title "Bench app $size" --json | jq -r .uid)"
  admin app share --app "$app" --folder "$folder" >/dev/null

  start_server "$DATA"
  first="$STARTED_HOST"
  hosts="$first"
  for ((k = 2; k <= replicas; k++)); do
    mkdir -p "$DATA-$k"
    cp -p "$DATA/server-identity.json" "$DATA-$k/"
    cp -rp "$DATA/tls" "$DATA-$k/"
    start_server "$DATA-$k"
    hosts="$hosts,$STARTED_HOST"
  done

  for devices in $DEVICES; do
    tokens="$WORK/tokens-$tag-$devices.jsonl"
    for ((i = 1; i <= devices; i++)); do
      admin client add --app "$app" --name "bench-$devices-$i" --hostname "$first" --json | jq -c .
    done >"$tokens"
    key="$(head -n1 "$tokens" | jq -r .server_public_key)"
    key_id="$(head -n1 "$tokens" | jq -r .server_public_key_id)"
    warmup=$((requests / 10 > devices ? requests / 10 : devices))

    echo "== $size records, $backend, $replicas replica(s), $devices devices: $warmup warm-up + $requests measured requests" >&2
    out="$WORK/run-$tag-$devices.json"
    if ! timeout "$RUN_TIMEOUT" "$LOADGEN" --hostname "$hosts" --ca "$DATA/tls/ca.pem" \
      --server-public-key "$key" --key-id "$key_id" --tokens "$tokens" \
      --requests "$requests" --warmup "$warmup" --expect-records "$size" >"$out"; then
      echo "server.sh: ksm-loadgen failed for $size records, $backend, $replicas replica(s) and $devices devices" >&2
      return 1
    fi
    jq -r --arg size "$size" --arg backend "$backend" --arg replicas "$replicas" \
      '[$backend, $replicas, $size, .devices, .requests, .requests_per_second, .p50_ms, .p90_ms, .p99_ms, .max_ms, .response_bytes, .seconds] | @tsv' \
      "$out" >>"$RESULTS"
  done
  stop_servers
  drop_database
  rm -rf "$DATA" "$DATA"-*
}

for size in $SIZES; do
  if ((size <= 100)); then requests="$SMALL_REQUESTS"; else requests="$LARGE_REQUESTS"; fi
  make_records "$size" >"$WORK/records-$size.json"
  for backend in $BACKENDS; do
    for replicas in $REPLICAS; do
      if [[ "$backend" == sqlite ]] && ((replicas > 1)); then
        echo "== $size records: no run of $replicas SQLite replicas (SQLite serves one process)" >&2
        continue
      fi
      measure "$size" "$backend" "$replicas" "$requests"
    done
  done
done

LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
pg_version=""
if ((uses_postgres)); then pg_version="$(pg -At -c 'SHOW server_version' 2>/dev/null | cut -d' ' -f1 || echo unknown)"; fi

# --- the Markdown block ---------------------------------------------------------------------
cpu="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
cores="$(nproc 2>/dev/null || echo '?')"
memory="$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)"
commit="$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(cd "$ROOT" && git status --porcelain -- crates/ksm-server crates/ksm-proto 2>/dev/null)" ]]; then
  commit="$commit, with uncommitted changes to the server or protocol crates"
fi
busy_note=""
if awk -v load="${LOAD_BEFORE%% *}" -v cores="$cores" 'BEGIN { exit !(load + 0 >= 0.5) }'; then
  busy_note="The machine was busy with other work while this ran (1-minute load average ${LOAD_BEFORE%% *} on $cores cores before the benchmark started), so absolute numbers are pessimistic and noisier than on an idle machine."
fi

block="$WORK/block.md"
{
  if [[ -n "${KSM_BENCH_SERVER:-}" ]]; then commit="$KSM_BENCH_SERVER (KSM_BENCH_SERVER)"; fi
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') with \`benches/server.sh\`: ksm-server at commit $commit."
  echo
  echo "| backend | replicas | records | devices | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | response |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '
    function grouped(n,   text) {
      text = sprintf("%d", n)
      while (text ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]($|,)/, ",&", text)
      return text
    }
    {
      backend = $1 == "postgres" ? "PostgreSQL" : "SQLite"
      size = $11 >= 1048576 ? sprintf("%.1f MiB", $11 / 1048576) : sprintf("%.1f KiB", $11 / 1024)
      printf "| %s | %d | %s | %d | %s | %.1f | %.2f | %.2f | %.2f | %.2f | %s |\n", backend, $2, grouped($3), $4, grouped($5), $6, $7, $8, $9, $10, size
    }' "$RESULTS"
  echo
  echo "* Workload: each device binds with its own one-time token, then all devices send"
  echo "  \`get_secret\` (no filters: the whole application) concurrently, each on one kept-alive"
  echo "  connection (ksm-loadgen: one async task per device, a worker thread per core), until the"
  echo "  total is reached, after a warm-up of a tenth of it. Every request has a fresh"
  echo "  transmission key and is signed; every answer is decrypted and its record count checked,"
  echo "  or, where it is the same byte for byte as the last answer checked, compared with that"
  echo "  one (no errors in any run). Rate limiting is off (\`serve --rate-limit 0\`)."
  echo "* Latency is one HTTP exchange as the client sees it (request sent to last answer byte,"
  echo "  over a kept-alive TLS connection); sealing the request and checking the answer are not"
  echo "  included. req/s counts successful requests over the wall time of the measured phase."
  if [[ -n "$SERVER_CPUS" ]]; then
    echo "* Each \`serve\` process was held to $SERVER_CPUS cores (a cgroup CPU quota of its own,"
    echo "  \`KSM_BENCH_SERVER_CPUS\`), as a container's CPU limit holds a replica; the load generator"
    echo "  runs on the same machine and has the rest of its cores."
  else
    echo "* The load generator runs on the same machine and shares its cores with the server."
  fi
  if ((uses_postgres)); then
    if [[ -n "${KSM_BENCH_POSTGRES_STARTED:-}" ]]; then
      echo "* PostgreSQL: a throwaway server that \`scripts/with-postgres\` started on this machine"
      echo "  (version $pg_version; default settings; \`ksm-server\` commits transactions durably and"
      echo "  its bookkeeping outside them without waiting for the disk), sharing its cores too."
    else
      echo "* PostgreSQL: the server at \`KSM_TEST_POSTGRES_URL\` (version $pg_version)."
    fi
    echo "  One new database per vault. N replicas are N \`serve\` processes on it, each with a data"
    echo "  directory holding a copy of the first one's \`server-identity.json\` and \`tls/\`; device i"
    echo "  talks to replica i mod N."
  fi
  echo "* Machine: ${cpu:-unknown CPU}, $cores cores, ${memory:-unknown memory}, $(uname -sr);"
  echo "  $(rustc --version 2>/dev/null || echo 'rustc unknown'), release profile. Load average"
  echo "  (1, 5, 15 min) $LOAD_BEFORE before the run, $LOAD_AFTER after it."
  if [[ -n "$busy_note" ]]; then echo "* $busy_note"; fi
  if [[ -n "${KSM_BENCH_NOTE:-}" ]]; then echo "* $KSM_BENCH_NOTE"; fi
} >"$block"

if ((DRY_RUN)); then
  cat "$block"
  exit 0
fi

awk -v block="$block" '
  /<!-- server:start -->/ { print; while ((getline line < block) > 0) print line; skipping = 1; found++; next }
  /<!-- server:end -->/ { skipping = 0 }
  !skipping { print }
  END { if (found != 1) exit 3 }
' "$DOC" >"$WORK/performance.md" || { echo "server.sh: $DOC lacks exactly one server block" >&2; exit 1; }
cat "$WORK/performance.md" >"$DOC"
echo "== wrote the server block of $DOC" >&2
cat "$block"
