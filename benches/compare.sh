#!/usr/bin/env bash
# Side-by-side benchmark: `ksm` against the official Python CLI
# (keeper-secrets-manager-cli 1.5.0), both talking to a local ksm-server.
#
#   benches/compare.sh                     # the reference run: vaults of 10, 1,000 and 10,000 records
#   benches/compare.sh --quick             # a trial: 10 and 1,000 records, few runs (~2 min)
#   benches/compare.sh --sizes 10,100000   # other vault sizes
#   benches/compare.sh --no-docs           # print the tables only; leave docs/ alone
#
# Run it by hand on an idle machine (it is not part of CI). From a checkout with ../shared
# beside it (the official CLI is pointed at ksm-server by ../shared/peer/sitecustomize.py),
# as root or with sudo for the one-time `apt-get install -y hyperfine time`, with a Rust
# toolchain and python3 (3.10+, venv module) able to reach PyPI. It:
#   1. installs hyperfine and GNU time when missing, and the official CLI plus matplotlib into
#      .venv-bench (benches/requirements.txt, every package pinned);
#   2. builds release binaries (cargo build --release --locked --workspace --bins);
#   3. for each vault size N: `ksm-server init` in a temporary directory, one shared folder with
#      N generated records (benches/lib/gen_vault.py; `record import`), one application sharing
#      it, `serve --rate-limit 0` on a free loopback port; one device for each CLI (ksm:
#      `client add`'s init_args + KSM_CLI_TOKEN + --key-file; official: `ksm profile init --token
#      --hostname` with its own KSM_INI_DIR); checks that both print the same answers; then
#      times with hyperfine (-N, medians): version, secret list --json, secret get --field
#      password, secret notation, exec of `true` with 25 notations, interpolate of a
#      100-notation template, plus plain `true`; and peak RSS of each with /usr/bin/time -v;
#   4. writes the tables and a chart into docs/performance.md (only the block between
#      <!-- compare:start --> and <!-- compare:end -->) and docs/performance-compare.png,
#      and prints the tables. Raw hyperfine exports stay in target/bench-compare/.
# Progress goes to stderr, the tables to stdout. Environment: PYTHON (interpreter for the venv,
# default python3), CARGO_TARGET_DIR, KSM_BENCH_PEER_DIR (default ../shared/peer), KSM_BENCH_VENV
# (an existing venv holding keeper-secrets-manager-cli 1.5.0, used as it is, never created or
# changed; it needs matplotlib only without --no-docs; default: .venv-bench, created as above).
set -euo pipefail

prog="compare.sh"
die() { echo "$prog: error: $*" >&2; exit 1; }
log() { echo "$prog: $*" >&2; }

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
quick=0
sizes="10,1000,10000"
sizes_given=0
write_docs=1
args_text=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) quick=1; args_text+=" --quick" ;;
        --sizes) [[ $# -ge 2 ]] || die "--sizes needs a value, e.g. --sizes 10,1000"
                 sizes="$2"; sizes_given=1; args_text+=" --sizes $2"; shift ;;
        --sizes=*) sizes="${1#--sizes=}"; sizes_given=1; args_text+=" $1" ;;
        --no-docs) write_docs=0 ;;
        -h|--help) usage; exit 0 ;;
        *) die "unknown argument '$1' (try --help)" ;;
    esac
    shift
done
if [[ $quick == 1 && $sizes_given == 0 ]]; then sizes="10,1000"; fi
IFS=',' read -ra size_list <<<"$sizes"
[[ ${#size_list[@]} -gt 0 ]] || die "--sizes is empty"
for n in "${size_list[@]}"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "bad vault size '$n' in --sizes (want positive integers, e.g. 10,1000)"
done

if [[ $quick == 1 ]]; then
    ksm_opts=(--warmup 1 --min-runs 5 --max-runs 30)
    official_opts=(--warmup 1 --runs 3)
    ksm_runs_text="5–30"; official_runs_text="3"; warmup=1
else
    ksm_opts=(--warmup 2 --min-runs 20)
    official_opts=(--warmup 2 --runs 10)
    ksm_runs_text="≥ 20 (hyperfine's automatic count, about 3 s of runs)"; official_runs_text="10"; warmup=2
fi

started=$SECONDS
load_before="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

# ---------------------------------------------------------------------------------------------
# prerequisites
# ---------------------------------------------------------------------------------------------
apt_install() {
    local sudo=()
    if [[ $EUID -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || return 1
        sudo=(sudo -n)
    fi
    command -v apt-get >/dev/null 2>&1 || return 1
    local aptlog; aptlog="$(mktemp)"
    if "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$aptlog" 2>&1 \
        || { "${sudo[@]}" apt-get update -qq >>"$aptlog" 2>&1 \
             && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$aptlog" 2>&1; }; then
        rm -f "$aptlog"; return 0
    fi
    apt_error="$(grep -E '^(E|W):' "$aptlog" | head -n 1 || tail -n 1 "$aptlog")"
    rm -f "$aptlog"; return 1
}

need=()
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
[[ -x /usr/bin/time ]] || need+=(time)
if [[ ${#need[@]} -gt 0 ]]; then
    log "installing ${need[*]} (apt-get)"
    apt_error=""
    apt_install "${need[@]}" \
        || die "cannot install ${need[*]} with apt-get${apt_error:+: $apt_error} (install them by hand: apt-get install hyperfine time)"
fi
hyperfine --help 2>/dev/null | grep -qE '^ +-N\b' || die "this hyperfine has no -N (--shell=none): need hyperfine 1.13 or newer"
command -v cargo >/dev/null 2>&1 || die "cargo not found (need a Rust toolchain)"

peer_dir="${KSM_BENCH_PEER_DIR:-$root/../shared/peer}"
[[ -f "$peer_dir/sitecustomize.py" ]] \
    || die "missing $peer_dir/sitecustomize.py (the shim that points the official CLI at ksm-server; needs ../shared beside the repo)"
peer_dir="$(cd "$peer_dir" && pwd)"

python="${PYTHON:-python3}"
command -v "$python" >/dev/null 2>&1 || die "'$python' not found (need Python 3.10+ with the venv module)"
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null \
    || die "$("$python" -V 2>&1) is too old: keeper-secrets-manager-cli 1.5.0 needs Python 3.10+ (set PYTHON=...)"

venv="${KSM_BENCH_VENV:-$root/.venv-bench}"
req="$root/benches/requirements.txt"
stamp="$venv/.requirements.sha256"
want="$("$python" -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$req")"
if [[ -n "${KSM_BENCH_VENV:-}" ]]; then
    [[ -x "$venv/bin/python" && -x "$venv/bin/ksm" ]] \
        || die "KSM_BENCH_VENV=$venv is not a venv with the official CLI (want bin/python and bin/ksm)"
    if [[ $write_docs == 1 ]] && ! "$venv/bin/python" -c 'import matplotlib' >/dev/null 2>&1; then
        die "KSM_BENCH_VENV=$venv has no matplotlib, which the chart needs: add --no-docs, or install it there"
    fi
elif ! [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] || ! "$venv/bin/python" -c '' >/dev/null 2>&1; then
    log "creating .venv-bench (keeper-secrets-manager-cli 1.5.0, matplotlib)"
    venvlog="$(mktemp)"
    "$python" -m venv --clear "$venv" >"$venvlog" 2>&1 \
        || { r="$(tail -n 1 "$venvlog")"; rm -f "$venvlog"; die "'$python -m venv $venv' failed: $r (on Debian: apt-get install python3-venv)"; }
    if ! "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
            --require-virtualenv -r "$req" >"$venvlog" 2>&1; then
        r="$(grep -E '^(ERROR|error):' "$venvlog" | head -n 1 || true)"
        [[ -n "$r" ]] || r="$(tail -n 1 "$venvlog")"
        rm -f "$venvlog" "$stamp"
        die "pip install -r benches/requirements.txt failed: $r"
    fi
    "$venv/bin/python" -m compileall -q "$venv/lib" >/dev/null 2>&1 || true
    rm -f "$venvlog"
    printf '%s\n' "$want" >"$stamp"
fi
vpy="$venv/bin/python"
official="$venv/bin/ksm"
[[ -x "$official" ]] || die "$official missing after installing benches/requirements.txt"

log "building release binaries"
(cd "$root" && cargo build --release --locked --workspace --bins >&2) || die "cargo build --release failed (see above)"
target="${CARGO_TARGET_DIR:-$root/target}"
[[ "$target" = /* ]] || target="$root/$target"
ksm="$target/release/ksm"
server="$target/release/ksm-server"
[[ -x "$ksm" && -x "$server" ]] || die "release binaries not found in $target/release"

# ---------------------------------------------------------------------------------------------
# a clean environment for both CLIs
# ---------------------------------------------------------------------------------------------
for v in KSM_CONFIG KSM_CONFIG_DIR KSM_CLI_PROFILE KSM_CLI_TOKEN KSM_TOKEN KSM_HOSTNAME KSM_PROFILE_KEY \
         KSM_CA_CERT KSM_SERVER_CERT_SHA256 KSM_HTTP_TIMEOUT KSM_INI_DIR KSM_INI_FILE KSM_CACHE_DIR \
         KSM_DEBUG KSM_SKIP_VERIFY KSM_CONFIG_BASE64_1 KSM_CONFIG_BASE64_DESC_1 KSM_PEER_PLAIN_HTTP \
         KSM_PEER_KEY_IDS KSM_PEER_KEY_ID PYTHONDONTWRITEBYTECODE PYTHONUNBUFFERED PYTHONPATH \
         REQUESTS_CA_BUNDLE CURL_CA_BUNDLE; do
    unset "$v"
done
for v in $(compgen -v | grep -E '^V[0-9]+$' || true); do unset "$v"; done
export NO_COLOR=1 LC_ALL=C.UTF-8

tmp="$(mktemp -d "${TMPDIR:-/tmp}/ksm-compare.XXXXXX")"
server_pid=""
stop_server() {
    if [[ -n "$server_pid" ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
cleanup() {
    local rc=$?
    stop_server
    rm -rf "$tmp"
    return $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

results="$target/bench-compare"
rm -rf "$results"
mkdir -p "$results"

jget() { "$vpy" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# Quote one argv for hyperfine's -N parser (POSIX-shell-like words).
hq() {
    local out="" a
    for a in "$@"; do out+="'${a//\'/\'\\\'\'}' "; done
    printf '%s' "${out% }"
}

# bench ROW TOOL CMD... : hyperfine, raw export to $res/ROW.TOOL.json, output to stderr.
bench() {
    local row="$1" tool="$2"; shift 2
    local opts
    if [[ $tool == official ]]; then opts=("${official_opts[@]}"); else opts=("${ksm_opts[@]}"); fi
    log "[$n] $row: $tool"
    hyperfine -N --style basic "${opts[@]}" --export-json "$res/$row.$tool.json" \
        -n "$tool $row" "$(hq "$@")" >&2 \
        || die "hyperfine failed for '$tool $row' at N=$n"
}

# rss ROW TOOL CMD... : peak RSS (kB) of one run into $res/rss.tsv.
rss() {
    local row="$1" tool="$2"; shift 2
    local f="$res/rss.$row.$tool.txt"
    /usr/bin/time -v -o "$f" "$@" >/dev/null 2>&1 || die "'$tool $row' failed under /usr/bin/time at N=$n"
    local kb; kb="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$f")"
    [[ -n "$kb" ]] || die "no 'Maximum resident set size' from /usr/bin/time for '$tool $row'"
    printf '%s\t%s\t%s\n' "$row" "$tool" "$kb" >>"$res/rss.tsv"
}

# run ROW TOOL OUT CMD... : one run for the answer checks; stderr kept for the error message.
check_run() {
    local what="$1" out="$2"; shift 2
    "$@" >"$out" 2>"$out.err" || die "$what failed at N=$n: $(grep -v '^\s*$' "$out.err" | tail -n 1)"
}

# ---------------------------------------------------------------------------------------------
# one vault size
# ---------------------------------------------------------------------------------------------
# Runs `$1 ROW TOOL COMMAND…` (bench or rss) for every row and both CLIs; uses the caller's
# $ksm, $official, $uid, $notation and $template.
each_row() {
    local measure=$1
    "$measure" version ksm "$ksm" --version
    "$measure" version official "$official" version
    "$measure" list ksm "$ksm" secret list --json
    "$measure" list official "$official" secret list --json
    "$measure" get ksm "$ksm" secret get -u "$uid" --field password
    "$measure" get official "$official" secret get -u "$uid" --field password
    "$measure" notation ksm "$ksm" secret notation "$notation"
    "$measure" notation official "$official" secret notation "$notation"
    "$measure" exec ksm "$ksm" exec -- true
    "$measure" exec official "$official" exec -- true
    "$measure" interpolate ksm "$ksm" interpolate --allow-unsafe-for-eval "$template"
    "$measure" interpolate official "$official" interpolate --allow-unsafe-for-eval "$template"
}

run_size() {
    n="$1"
    local w="$tmp/$n" data="$tmp/$n/data"
    res="$results/$n"
    mkdir -p "$w/ksm" "$w/py" "$w/run" "$res"
    log "[$n] vault: generating and importing $n records"
    "$vpy" "$root/benches/lib/gen_vault.py" records "$n" "$w/records.json"
    # The owner keystore lives outside the data directory, under a key file (no prompt).
    export KSM_SERVER_KEYSTORE="$w/owner-keystore.json"
    "$server" init --data-dir "$data" --key-file "$w/owner.key" --json >"$w/init.json" 2>"$w/err" || die "ksm-server init failed: $(tail -n 1 "$w/err")"
    "$server" folder add --data-dir "$data" --title "Benchmark" --json >"$w/folder.json" 2>"$w/err" \
        || die "ksm-server folder add failed: $(tail -n 1 "$w/err")"
    local folder; folder="$(jget "$w/folder.json" uid)"
    "$server" record import --data-dir "$data" --folder "$folder" --from-json "$w/records.json" --json \
        >"$w/uids.json" 2>"$w/err" || die "ksm-server record import failed: $(tail -n 1 "$w/err")"
    "$server" app add --data-dir "$data" --title "Benchmark" --json >"$w/app.json" 2>"$w/err" \
        || die "ksm-server app add failed: $(tail -n 1 "$w/err")"
    local app; app="$(jget "$w/app.json" uid)"
    "$server" app share --data-dir "$data" --app "$app" --folder "$folder" >/dev/null 2>"$w/err" \
        || die "ksm-server app share failed: $(tail -n 1 "$w/err")"
    "$vpy" "$root/benches/lib/gen_vault.py" plan "$w/records.json" "$w/uids.json" "$w/plan"

    log "[$n] starting ksm-server"
    "$server" serve --data-dir "$data" --listen 127.0.0.1:0 --ready-file "$w/ready.json" --rate-limit 0 \
        >"$w/serve.log" 2>&1 &
    server_pid=$!
    local i
    for ((i = 0; i < 300; i++)); do
        [[ -s "$w/ready.json" ]] && break
        kill -0 "$server_pid" 2>/dev/null || die "ksm-server serve exited: $(tail -n 1 "$w/serve.log")"
        sleep 0.1
    done
    [[ -s "$w/ready.json" ]] || die "ksm-server serve not ready after 30 s"
    local host; host="$(jget "$w/ready.json" hostname)"

    # Both CLIs read this environment; neither looks at the other's variables.
    export KSM_CONFIG_DIR="$w/ksm"
    export KSM_INI_DIR="$w/py"
    export PYTHONPATH="$peer_dir"
    export KSM_PEER_SERVER_PUBLIC_KEY; KSM_PEER_SERVER_PUBLIC_KEY="$(jget "$w/init.json" server_public_key)"
    export KSM_PEER_NO_UPDATE_CHECK=1
    export REQUESTS_CA_BUNDLE="$data/tls/ca.pem"
    cd "$w/run"

    log "[$n] enrolling one device per CLI"
    "$server" client add --data-dir "$data" --app "$app" --name ksm --json >"$w/client-ksm.json" 2>"$w/err" \
        || die "ksm-server client add failed: $(tail -n 1 "$w/err")"
    local init_argv
    read -ra init_argv <<<"$("$vpy" -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["init_args"]))' "$w/client-ksm.json")"
    [[ "${init_argv[0]}" == profile && "${init_argv[1]}" == init ]] \
        || die "unexpected init_args from client add: ${init_argv[*]}"
    KSM_CLI_TOKEN="$(jget "$w/client-ksm.json" token)" \
        check_run "ksm profile init" "$w/init-ksm.out" "$ksm" "${init_argv[@]}" --key-file "$w/k"

    "$server" client add --data-dir "$data" --app "$app" --name official --json >"$w/client-py.json" 2>"$w/err" \
        || die "ksm-server client add failed: $(tail -n 1 "$w/err")"
    check_run "official ksm profile init" "$w/init-py.out" \
        "$official" profile init --token "$(jget "$w/client-py.json" token)" --hostname "$host"

    local uid; uid="$(cat "$w/plan/uid")"
    local notation="keeper://$uid/field/password"
    local template="$w/plan/template.txt"
    local exec_env=()
    mapfile -t exec_env <"$w/plan/exec.env"

    # ---- the same answers from both -------------------------------------------------------
    log "[$n] checking that both CLIs give the same answers"
    local want_pw; want_pw="$(cat "$w/plan/password")"
    local tool bin
    for tool in ksm official; do
        if [[ $tool == ksm ]]; then bin="$ksm"; else bin="$official"; fi
        check_run "$tool secret get" "$w/get.$tool" "$bin" secret get -u "$uid" --field password
        check_run "$tool secret notation" "$w/notation.$tool" "$bin" secret notation "$notation"
        [[ "$(cat "$w/get.$tool")" == "$want_pw" ]] \
            || die "$tool secret get --field password printed '$(cat "$w/get.$tool")', want '$want_pw'"
        [[ "$(cat "$w/notation.$tool")" == "$want_pw" ]] \
            || die "$tool secret notation printed '$(cat "$w/notation.$tool")', want '$want_pw'"
        check_run "$tool secret list --json" "$w/list.$tool" "$bin" secret list --json
        check_run "$tool interpolate" "$w/interp.$tool" "$bin" interpolate --allow-unsafe-for-eval "$template"
    done
    "$vpy" - "$w/list.ksm" "$w/list.official" "$n" <<'EOF' || die "secret list --json differs between the CLIs at N=$n"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
key = lambda r: (r["uid"], r["title"], r["record_type"])
if sorted(map(key, a)) != sorted(map(key, b)) or len(a) != int(sys.argv[3]):
    sys.exit(f"compare.sh: list: ksm {len(a)} records, official {len(b)}, vault {sys.argv[3]}")
EOF
    cmp -s "$w/interp.ksm" "$w/interp.official" || die "interpolate output differs between the CLIs at N=$n"
    ! grep -q 'keeper://' "$w/interp.ksm" || die "interpolate left notations unresolved at N=$n"
    env "${exec_env[@]}" "$ksm" exec --no-mask -- sh -c 'env | grep "^V[0-9]" | sort' >"$w/exec.ksm" 2>"$w/err" \
        || die "ksm exec failed: $(tail -n 1 "$w/err")"
    env "${exec_env[@]}" "$official" exec -- sh -c 'env | grep "^V[0-9]" | sort' >"$w/exec.official" 2>"$w/err" \
        || die "official ksm exec failed: $(tail -n 1 "$w/err")"
    [[ "$(wc -l <"$w/exec.ksm")" -eq 25 ]] && cmp -s "$w/exec.ksm" "$w/exec.official" \
        || die "exec: the environments the two CLIs built differ at N=$n"
    ! grep -q 'keeper://' "$w/exec.ksm" || die "exec left notations unresolved at N=$n"

    # ---- timings ---------------------------------------------------------------------------
    export "${exec_env[@]}"
    each_row bench
    log "[$n] baseline: plain true"
    hyperfine -N --style basic "${ksm_opts[@]}" --export-json "$res/true.json" -n true true >&2 \
        || die "hyperfine failed for plain true"

    # ---- peak RSS --------------------------------------------------------------------------
    log "[$n] peak RSS"
    : >"$res/rss.tsv"
    each_row rss
    local v; for v in "${exec_env[@]}"; do unset "${v%%=*}"; done

    cd "$root"
    stop_server
    rm -rf "$w"
}

for n in "${size_list[@]}"; do
    run_size "$n"
done

# ---------------------------------------------------------------------------------------------
# versions and the report
# ---------------------------------------------------------------------------------------------
unset PYTHONPATH KSM_PEER_SERVER_PUBLIC_KEY REQUESTS_CA_BUNDLE KSM_CONFIG_DIR KSM_INI_DIR
official_version="$(KSM_INI_DIR="$tmp" PYTHONPATH="$peer_dir" KSM_PEER_NO_UPDATE_CHECK=1 "$official" version 2>/dev/null || true)"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ $commit != unknown && -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    commit+=" + uncommitted changes"
fi
field() { printf '%s\n' "$official_version" | awk -F': ' -v k="$1" '$1 == k {print $2; exit}'; }
M_ARGS="${args_text# }" M_QUICK="$quick" M_KSM="$("$ksm" --version)" M_SERVER="$("$server" --version)" \
M_RUSTC="$(rustc --version 2>/dev/null || echo rustc)" M_CLI="$(field "CLI Version")" \
M_SDK="$(field "SDK Version")" M_PY="$(field "Python Version")" M_HF="$(hyperfine --version)" \
M_WARMUP="$warmup" M_KSM_RUNS="$ksm_runs_text" M_OFFICIAL_RUNS="$official_runs_text" \
M_COMMIT="$commit" M_LOAD_BEFORE="$load_before" M_LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" \
"$vpy" - "$results/meta.json" <<'EOF'
import json, os, sys
e = os.environ
json.dump({
    "args": e["M_ARGS"], "quick": e["M_QUICK"] == "1",
    "ksm_version": e["M_KSM"], "server_version": e["M_SERVER"], "rustc": e["M_RUSTC"],
    "official_cli": e["M_CLI"], "official_sdk": e["M_SDK"], "python": e["M_PY"],
    "hyperfine": e["M_HF"], "warmup": int(e["M_WARMUP"]),
    "ksm_runs": e["M_KSM_RUNS"], "official_runs": e["M_OFFICIAL_RUNS"],
    "commit": e["M_COMMIT"], "load_before": e["M_LOAD_BEFORE"], "load_after": e["M_LOAD_AFTER"],
}, open(sys.argv[1], "w"), ensure_ascii=False, indent=1)
EOF

report_args=("$results")
if [[ $write_docs == 1 ]]; then
    report_args+=(--doc "$root/docs/performance.md" --chart "$root/docs/performance-compare.png")
fi
"$vpy" "$root/benches/lib/report.py" "${report_args[@]}"
if [[ $write_docs == 1 ]]; then
    log "wrote docs/performance.md (compare block) and docs/performance-compare.png"
fi
log "raw results in ${results#"$root/"}/; took $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
