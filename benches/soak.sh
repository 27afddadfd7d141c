#!/usr/bin/env bash
# Soak: many devices against one ksm-server for minutes, with rate limiting on and off;
# the server's memory (RSS) and open file descriptors are sampled throughout.
#
#   benches/soak.sh [--minutes M] [--devices D] [--rate-limit on|off|both]
#                   [--limit N] [--window S] [--interval S]
#
# Defaults: 10 minutes, 200 devices, both modes (one after the other, each on a fresh data
# directory), rate limit 20 requests per device and endpoint per 10 s window when on (low
# enough that the devices are throttled all the time), a sample every 5 s.
#
# For each mode: builds the release ksm-server and ksm-loadgen, seeds a data directory (a
# shared folder of 10 records and an application), starts `serve` on 127.0.0.1, mints one
# token per device and runs `ksm-loadgen --duration --retry-throttled`: every device binds,
# then sends signed get_secret in a loop, backing off and retrying on `throttled` as the ksm
# client does (retry_after ±25 %, at most 5 retries). Every answer is decrypted and checked.
# Meanwhile /proc/<server pid>/status (VmRSS) and /proc/<server pid>/fd are sampled.
#
# Prints per mode: requests, req/s, errors, throttled retries, p99, and RSS and fd counts
# (after the binds, lowest, highest, last sample, and after the load stopped), then the
# samples as a table. Exits 1 if any request failed (errors other than `throttled` that was
# retried) or the server died. Requirements: cargo, jq, timeout; Linux (/proc). Traffic goes
# to 127.0.0.1 only; every run is bounded by --minutes plus a time limit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib/wait-for-ready.sh
source "$ROOT/benches/lib/wait-for-ready.sh"
minutes=10
devices=200
modes="both"
limit=20
window=10
interval=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) minutes="${2:?}"; shift 2 ;;
    --devices) devices="${2:?}"; shift 2 ;;
    --rate-limit) modes="${2:?}"; shift 2 ;;
    --limit) limit="${2:?}"; shift 2 ;;
    --window) window="${2:?}"; shift 2 ;;
    --interval) interval="${2:?}"; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "soak.sh: unknown argument '$1' (see benches/soak.sh --help)" >&2; exit 2 ;;
  esac
done
for number in "$minutes" "$devices" "$limit" "$window" "$interval"; do
  [[ $number =~ ^[1-9][0-9]*$ ]] || { echo "soak.sh: '$number' is not a positive whole number" >&2; exit 2; }
done
case "$modes" in
  both) modes="on off" ;;
  on|off) ;;
  *) echo "soak.sh: --rate-limit takes on, off or both, not '$modes'" >&2; exit 2 ;;
esac
for tool in cargo jq timeout; do
  command -v "$tool" >/dev/null || { echo "soak.sh: $tool is required" >&2; exit 1; }
done
[[ -d /proc/self/fd ]] || { echo "soak.sh: needs Linux /proc to sample the server" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ksm-soak.XXXXXX")"
SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT

echo "== building release binaries" >&2
(cd "$ROOT" && cargo build --release --quiet -p ksm-server -p ksm-loadgen)
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
SERVER="$TARGET_DIR/release/ksm-server"
LOADGEN="$TARGET_DIR/release/ksm-loadgen"

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
fds() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l; }

failed=0
for mode in $modes; do
  data="$WORK/data-$mode"
  # The owner keystore lives outside the data directory, under a key file (no prompt).
  admin() { "$SERVER" --data-dir "$data" --keystore "$WORK/owner-$mode.json" "$@"; }
  echo "== rate limiting $mode: seeding" >&2
  admin init --key-file "$WORK/owner-$mode.key" --json >/dev/null
  folder="$(admin folder add --title "Soak" --json | jq -r .uid)"
  for ((i = 1; i <= 10; i++)); do
    admin record add --folder "$folder" -t "Soak login $i" --field "login=user$i" --field "password=soak-$i-pw" --json >/dev/null
  done
  app="$(admin app add --title "Soak app" --json | jq -r .uid)"
  admin app share --app "$app" --folder "$folder" >/dev/null

  if [[ $mode == on ]]; then rate=(--rate-limit "$limit" --rate-window "$window"); else rate=(--rate-limit 0); fi
  ready="$WORK/ready-$mode.json"
  "$SERVER" --data-dir "$data" serve "${rate[@]}" --listen 127.0.0.1:0 --ready-file "$ready" \
    >/dev/null 2>"$WORK/serve-$mode.log" &
  SERVER_PID=$!
  wait_for_ready soak.sh "$SERVER_PID" "$ready" "$WORK/serve-$mode.log" 30 || exit 1
  hostname="$(jq -r .hostname "$ready")"

  echo "== rate limiting $mode: minting $devices tokens" >&2
  tokens="$WORK/tokens-$mode.jsonl"
  for ((i = 1; i <= devices; i++)); do
    admin client add --app "$app" --name "soak-$i" --hostname "$hostname" --json | jq -c .
  done >"$tokens"
  key="$(head -n1 "$tokens" | jq -r .server_public_key)"
  key_id="$(head -n1 "$tokens" | jq -r .server_public_key_id)"

  idle_rss=$(rss_kib "$SERVER_PID"); idle_fds=$(fds "$SERVER_PID")
  echo "== rate limiting $mode: $devices devices for $minutes min" >&2
  out="$WORK/loadgen-$mode.json"
  timeout $((minutes * 60 + 600)) "$LOADGEN" --hostname "$hostname" --ca "$data/tls/ca.pem" \
    --server-public-key "$key" --key-id "$key_id" --tokens "$tokens" \
    --duration $((minutes * 60)) --retry-throttled >"$out" 2>"$WORK/loadgen-$mode.log" &
  loadgen=$!
  samples="$WORK/samples-$mode.tsv"
  started=$SECONDS
  while kill -0 "$loadgen" 2>/dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    printf '%d\t%d\t%d\n' $((SECONDS - started)) "$(rss_kib "$SERVER_PID")" "$(fds "$SERVER_PID")" >>"$samples"
    sleep "$interval"
  done
  status=0
  wait "$loadgen" || status=$?
  sleep 2
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "soak.sh: ksm-server died during the soak" >&2; cat "$WORK/serve-$mode.log" >&2; failed=1; continue
  fi
  after_rss=$(rss_kib "$SERVER_PID"); after_fds=$(fds "$SERVER_PID")
  stop_server
  if [[ $status != 0 ]]; then failed=1; sed 's/^/  /' "$WORK/loadgen-$mode.log" >&2; fi

  # The first sample after the binds (devices bind before the timed phase) is the baseline.
  jq -r --arg mode "$mode" --arg limit "$limit/$window s" '
    "rate limiting \($mode)\(if $mode == "on" then " (\($limit))" else "" end): \(.requests) requests from \(.devices) devices in \(.seconds) s, \(.requests_per_second) req/s, p99 \(.p99_ms) ms, errors \(.errors), throttled retries \(.throttled_retries)"' "$out" 2>/dev/null \
    || echo "rate limiting $mode: ksm-loadgen printed no summary (exit $status)"
  awk -F'\t' -v idle_rss="$idle_rss" -v idle_fds="$idle_fds" -v after_rss="$after_rss" -v after_fds="$after_fds" '
    NR == 1 { first_rss = $2; first_fds = $3; min_rss = $2; max_rss = $2; min_fds = $3; max_fds = $3 }
    { if ($2 < min_rss) min_rss = $2; if ($2 > max_rss) max_rss = $2
      if ($3 < min_fds) min_fds = $3; if ($3 > max_fds) max_fds = $3; last_rss = $2; last_fds = $3; n = NR }
    END {
      printf "  RSS MiB: idle %.1f, first sample %.1f, min %.1f, max %.1f, last %.1f, after the load %.1f (%d samples)\n", idle_rss/1024, first_rss/1024, min_rss/1024, max_rss/1024, last_rss/1024, after_rss/1024, n
      printf "  fds: idle %d, first sample %d, min %d, max %d, last %d, after the load %d\n", idle_fds, first_fds, min_fds, max_fds, last_fds, after_fds
    }' "$samples"
  echo "  samples (seconds, RSS MiB, fds):"
  awk -F'\t' '{ printf "    %5d %8.1f %5d\n", $1, $2 / 1024, $3 }' "$samples"
  rm -rf "$data"
done
exit $failed
