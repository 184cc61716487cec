#!/usr/bin/env bash
# bench/scale.sh — art32 on generated infrastructure repositories of 1, 10 (and 100) MB,
# beside the tools that read the same files (issue 14). Prints Markdown tables for
# docs/performance.md.
#
# Builds target/release/art32, generates each scale with bench/gen.py (seed 14; cached,
# keyed by gen.py's hash) and measures, each to /dev/null with `--today 2026-12-01`:
#
#   art32 json -j1 / json -j2   `art32 lint --format json -j N REPO`
#   art32 sarif / art32 human   `--format sarif`, the default human output (default -j)
#   cat                         `find REPO -type f -exec cat {} +`
#   crossplane                  crossplane.parse() of every nginx.conf, includes followed
#                               (one Python process)
#   gixy                        `gixy -f json` on every nginx.conf (one process)
#   ansible-inventory           `ansible-inventory -i REPO/inventory --list`
#   postconf                    `postconf -c DIR -n` for every Postfix directory
#
# and the pre-commit case: `art32 lint FILE` run in the scale-10 repository on one nginx
# site, one fstab, one main.cf and one host_vars file, and on the same file alone in an
# empty repository.
#
# Each command: wall, user+sys CPU and peak RSS from GNU time (/usr/bin/time); the best
# (lowest wall) of RUNS runs, with that run's CPU and RSS; MB/s is the bytes of the part
# the command reads over wall. A run is stopped after TIMEOUT seconds (`timeout`).
#
# The generated nginx trees include `/etc/nginx/...` as a host's real configuration
# does; art32 reads that as the repository's etc/nginx, crossplane and gixy would read
# this machine's /etc/nginx. They get a copy of the nginx trees in which
# `include /etc/nginx/X` reads `include X` (relative to nginx.conf's directory): the
# same bytes but for that prefix.
#
# crossplane, gixy-ng and ansible-core are installed from PyPI into a venv in the cache
# directory; each is optional (skipped with a message when pip cannot install it or it
# does not run), as is postconf (skipped when not on PATH).
#
# Usage (from anywhere in the repository):
#
#   bench/scale.sh                      # scales 1 and 10
#   SCALES="1 10 100" bench/scale.sh    # and 100 (about 100 MB, 11,500 files)
#
# Environment: SCALES ("1 10"), RUNS (3, art32 and cat), PEER_RUNS (1, the Python tools
# and postconf, which take seconds to minutes), TIMEOUT (600 seconds a run),
# PEERS ("cat crossplane gixy ansible-inventory postconf"; empty: art32 only),
# PRECOMMIT_SCALE (10; empty: skip the pre-commit case),
# ART32_BENCH_CACHE (${XDG_CACHE_HOME:-~/.cache}/art32-bench: generated repositories,
# the venv).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
SCALES=${SCALES:-1 10}
RUNS=${RUNS:-3}
PEER_RUNS=${PEER_RUNS:-1}
TIMEOUT=${TIMEOUT:-600}
PEERS=${PEERS-cat crossplane gixy ansible-inventory postconf}
PRECOMMIT_SCALE=${PRECOMMIT_SCALE-10}
CACHE=${ART32_BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/art32-bench}
TODAY=2026-12-01
# Pinned so that numbers from different days compare; bump deliberately.
CROSSPLANE=crossplane==0.5.8
GIXY="gixy-ng==0.2.59 gixy"
ANSIBLE=ansible-core==2.19.14

note() { printf '%s\n' "$*" >&2; }

if ! /usr/bin/time --version 2>&1 | grep -q GNU; then
    note "bench/scale.sh needs GNU time at /usr/bin/time (Debian: apt-get install time)"
    exit 2
fi
command -v timeout >/dev/null || { note "bench/scale.sh needs timeout (coreutils)"; exit 2; }

cargo build --release --locked --quiet
BIN=$ROOT/target/release/art32
mkdir -p "$CACHE/repos"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/art32-scale.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
GENHASH=$(sha256sum bench/gen.py | cut -c1-12)

has_peer() { case " $PEERS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# --- the peers' venv --------------------------------------------------------------
VENV=$CACHE/venv
CAN_CROSSPLANE=no CAN_GIXY=no CAN_ANSIBLE=no
if has_peer crossplane || has_peer gixy || has_peer ansible-inventory; then
    if [ ! -x "$VENV/bin/python" ] && ! python3 -m venv "$VENV" >"$TMP/venv.log" 2>&1; then
        note "python3 -m venv failed: crossplane, gixy and ansible-inventory skipped"
        sed 's/^/    /' "$TMP/venv.log" >&2
    fi
fi
# pip_tool NAME BINARY PACKAGE...: installs the first PACKAGE that installs and gives a
# BINARY in the venv that runs (`--help`); prints yes or no.
pip_tool() {
    local name=$1 bin=$2 pkg
    shift 2
    [ -x "$VENV/bin/python" ] || { echo no; return; }
    if [ -x "$VENV/bin/$bin" ] && "$VENV/bin/$bin" --help >/dev/null 2>&1; then
        echo yes
        return
    fi
    for pkg in "$@"; do
        if "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "$pkg" \
            >>"$TMP/pip.log" 2>&1 && "$VENV/bin/$bin" --help >/dev/null 2>&1; then
            echo yes
            return
        fi
    done
    note "$name skipped: pip could not install a working one of: $*"
    tail -n 5 "$TMP/pip.log" | sed 's/^/    /' >&2
    echo no
}
has_peer crossplane && CAN_CROSSPLANE=$(pip_tool crossplane crossplane "$CROSSPLANE")
# shellcheck disable=SC2086 # two alternatives
has_peer gixy && CAN_GIXY=$(pip_tool gixy gixy $GIXY)
has_peer ansible-inventory && CAN_ANSIBLE=$(pip_tool ansible-inventory ansible-inventory "$ANSIBLE")
CAN_POSTCONF=no
if has_peer postconf; then
    if command -v postconf >/dev/null; then CAN_POSTCONF=yes; else note "postconf skipped: not on PATH"; fi
fi
# Ansible writes to ~/.ansible; keep it in the cache.
export ANSIBLE_HOME=$CACHE/ansible-home ANSIBLE_LOCAL_TEMP=$TMP/ansible-tmp
cat >"$TMP/crossplane_parse.py" <<'PY'
"""crossplane.parse() of each nginx.conf given (includes followed); counts on stderr."""
import sys

import crossplane

files = errors = 0
for path in sys.argv[1:]:
    payload = crossplane.parse(path)
    files += len(payload["config"])
    errors += len(payload["errors"])
print(f"crossplane: {len(sys.argv) - 1} configurations, {files} files, {errors} errors", file=sys.stderr)
PY

# --- generating -------------------------------------------------------------------
# repo SCALE: prints the cached repository's directory, generating it (and the peers'
# copy of its nginx trees, DIR-peers) first if needed.
repo() {
    local dir=$CACHE/repos/s$1-$GENHASH
    if [ ! -d "$dir" ]; then
        rm -rf "$dir.new" "$dir-peers"
        python3 bench/gen.py repo "$1" "$dir.new" >&2
        mv "$dir.new" "$dir"
    fi
    if [ ! -d "$dir-peers" ]; then
        mkdir -p "$dir-peers.new"
        (cd "$dir" && for d in hosts/*/etc/nginx; do
            mkdir -p "$dir-peers.new/$d"
            cp -a "$d/." "$dir-peers.new/$d/"
        done)
        find "$dir-peers.new" -type f -exec sed -i 's#include /etc/nginx/#include #' {} +
        mv "$dir-peers.new" "$dir-peers"
    fi
    echo "$dir"
}

# bytes PATH...: total size of the regular files under PATHs.
bytes() { find "$@" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }'; }

# --- measuring --------------------------------------------------------------------
declare -A RESULT
# measure KEY OKMAX RUNS CMD...: runs CMD (stdout to /dev/null) RUNS times under GNU
# time; a status above OKMAX that is not a timeout fails the command. Sets
# RESULT[KEY] to "wall cpu rss_kib" of the fastest run, or "timeout"/"failed".
measure() {
    local key=$1 okmax=$2 runs=$3 i status line best="" wall t0 t1
    shift 3
    for ((i = 0; i < runs; i++)); do
        status=0
        t0=$(date +%s%N)
        /usr/bin/time -o "$TMP/time" -f '%e %U %S %M' timeout "$TIMEOUT" "$@" \
            >/dev/null 2>"$TMP/stderr" || status=$?
        t1=$(date +%s%N)
        if [ "$status" = 124 ]; then
            RESULT[$key]=timeout
            return
        elif [ "$status" -gt "$okmax" ]; then
            note "$key: exit status $status:"
            tail -n 5 "$TMP/stderr" | sed 's/^/    /' >&2
            RESULT[$key]=failed
            return
        fi
        # GNU time's %e has centiseconds; the wall clock is taken around it instead.
        line=$(tail -n 1 "$TMP/time" | awk -v ns=$((t1 - t0)) '{ printf "%.4f %.2f %d", ns / 1e9, $2 + $3, $4 }')
        wall=${line%% *}
        if [ -z "$best" ] || awk -v a="$wall" -v b="${best%% *}" 'BEGIN { exit !(a < b) }'; then
            best=$line
        fi
    done
    RESULT[$key]=$best
}

# row SCALE LABEL KEY BYTES: one Markdown table row.
row() {
    local r=${RESULT[$3]:-skipped}
    case "$r" in
    timeout | failed | skipped)
        printf '| %s | %s | %s | | | |\n' "$1" "$2" "$r"
        ;;
    *)
        # shellcheck disable=SC2086 # three fields
        set -- "$1" "$2" $r "$4"
        awk -v s="$1" -v l="$2" -v w="$3" -v c="$4" -v k="$5" -v b="$6" 'BEGIN {
            mbs = w > 0 ? sprintf("%.1f", b / 1e6 / w) : "-"
            printf "| %s | %s | %.3f | %.2f | %.0f | %s |\n", s, l, w, c, k / 1024, mbs
        }'
        ;;
    esac
}

cat_all() { find "$1" -type f -exec cat {} +; }
postconf_all() {
    local d
    for d in "$1"/hosts/*/etc/postfix; do postconf -c "$d" -n; done
}
export -f cat_all postconf_all

TABLE=$TMP/table.md
{
    echo "| scale | command | wall s | user+sys s | peak RSS MiB | MB/s |"
    echo "|---:|---|---:|---:|---:|---:|"
} >"$TABLE"
SIZES=""
for s in $SCALES; do
    dir=$(repo "$s")
    peers=$dir-peers
    all=$(bytes "$dir")
    nginx=$(bytes "$dir"/hosts/*/etc/nginx)
    postfix=$(bytes "$dir"/hosts/*/etc/postfix)
    inventory=$(bytes "$dir/inventory")
    files=$(find "$dir" -type f | wc -l)
    SIZES="$SIZES$s $all $files $nginx $postfix $inventory"$'\n'
    note "scale $s: $dir, $all bytes, $files files (nginx $nginx, postfix $postfix, inventory $inventory bytes)"
    measure "$s json1" 1 "$RUNS" "$BIN" lint --today "$TODAY" --format json -j 1 "$dir"
    measure "$s json2" 1 "$RUNS" "$BIN" lint --today "$TODAY" --format json -j 2 "$dir"
    measure "$s sarif" 1 "$RUNS" "$BIN" lint --today "$TODAY" --format sarif "$dir"
    measure "$s human" 1 "$RUNS" "$BIN" lint --today "$TODAY" "$dir"
    {
        row "$s" "art32 --format json -j 1" "$s json1" "$all"
        row "$s" "art32 --format json -j 2" "$s json2" "$all"
        row "$s" "art32 --format sarif" "$s sarif" "$all"
        row "$s" "art32 (human)" "$s human" "$all"
    } >>"$TABLE"
    if has_peer cat; then
        # shellcheck disable=SC2016 # expanded by the inner bash
        measure "$s cat" 0 "$RUNS" bash -c 'cat_all "$1"' - "$dir"
        row "$s" "cat (all files)" "$s cat" "$all" >>"$TABLE"
    fi
    if [ "$CAN_CROSSPLANE" = yes ]; then
        measure "$s crossplane" 0 "$PEER_RUNS" "$VENV/bin/python" "$TMP/crossplane_parse.py" \
            "$peers"/hosts/*/etc/nginx/nginx.conf
        row "$s" "crossplane parse (nginx)" "$s crossplane" "$nginx" >>"$TABLE"
    fi
    if [ "$CAN_GIXY" = yes ]; then
        # gixy exits 1 when it reports an issue.
        measure "$s gixy" 1 "$PEER_RUNS" "$VENV/bin/gixy" -f json "$peers"/hosts/*/etc/nginx/nginx.conf
        row "$s" "gixy (nginx)" "$s gixy" "$nginx" >>"$TABLE"
    fi
    if [ "$CAN_ANSIBLE" = yes ]; then
        measure "$s ansible" 0 "$PEER_RUNS" "$VENV/bin/ansible-inventory" -i "$dir/inventory" --list
        row "$s" "ansible-inventory --list" "$s ansible" "$inventory" >>"$TABLE"
    fi
    if [ "$CAN_POSTCONF" = yes ]; then
        # shellcheck disable=SC2016 # expanded by the inner bash
        measure "$s postconf" 0 "$PEER_RUNS" bash -c 'postconf_all "$1"' - "$dir"
        row "$s" "postconf -n (each Postfix dir)" "$s postconf" "$postfix" >>"$TABLE"
    fi
done

echo
echo "### Whole repository"
echo
echo "Inputs (bench/gen.py, seed 14):"
echo
echo "| scale | MB | files | nginx MB | Postfix MB | inventory MB |"
echo "|---:|---:|---:|---:|---:|---:|"
printf '%s' "$SIZES" | awk 'NF { printf "| %s | %.1f | %d | %.1f | %.2f | %.1f |\n", $1, $2 / 1e6, $3, $4 / 1e6, $5 / 1e6, $6 / 1e6 }'
echo
echo "Best of $RUNS runs (art32, cat), of $PEER_RUNS for the other tools; MB/s over the bytes the command reads:"
echo
cat "$TABLE"

# --- the targets, as ratios -------------------------------------------------------
wall() { case "${RESULT[$1]:-}" in "" | timeout | failed) echo "" ;; *) echo "${RESULT[$1]%% *}" ;; esac; }
cpu() {
    local r=${RESULT[$1]:-}
    case "$r" in "" | timeout | failed) echo "" ;; *) r=${r#* } && echo "${r%% *}" ;; esac
}
rss() { case "${RESULT[$1]:-}" in "" | timeout | failed) echo "" ;; *) echo "${RESULT[$1]##* }" ;; esac; }
ratio() { # ratio A B: A/B to two places, or -
    if [ -n "$1" ] && [ -n "$2" ]; then awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; else echo -; fi
}
both() { # both KEY-A KEY-B: the ratio of walls, and of CPU times in parentheses
    echo "$(ratio "$(wall "$1")" "$(wall "$2")") ($(ratio "$(cpu "$1")" "$(cpu "$2")"))"
}
echo
echo "### Against the targets"
echo
echo "Ratios of wall times, of user+sys CPU times in parentheses (steadier on a busy machine; json is \`-j 1\`)."
echo
echo "| scale | json / cat (≤ 10) | crossplane / json (≥ 10) | gixy / json (≥ 100) | -j2 / -j1 wall (≤ 0.6) | human / json (≤ 1.5) | sarif / json (≤ 1.5) | peak RSS / (4 × size + 20 MiB) (≤ 1) | json / previous scale: time, RSS |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
prev=""
prevsize=""
while read -r s all _; do
    [ -n "$s" ] || continue
    j=$(wall "$s json1")
    budget=$(awk -v b="$all" 'BEGIN { print (4 * b + 20 * 1048576) / 1024 }')
    grow=-
    if [ -n "$prev" ]; then
        grow="$(both "$s json1" "$prev json1"), $(ratio "$(rss "$s json1")" "$(rss "$prev json1")") (input × $(awk -v a="$all" -v b="$prevsize" 'BEGIN { printf "%.1f", a / b }'))"
    fi
    echo "| $s | $(both "$s json1" "$s cat") | $(both "$s crossplane" "$s json1") | $(both "$s gixy" "$s json1") | $(ratio "$(wall "$s json2")" "$j") | $(both "$s human" "$s json1") | $(both "$s sarif" "$s json1") | $(ratio "$(rss "$s json1")" "$budget") | $grow |"
    prev=$s
    prevsize=$all
done <<<"$SIZES"

# --- the pre-commit case ----------------------------------------------------------
if [ -n "$PRECOMMIT_SCALE" ]; then
    dir=$(repo "$PRECOMMIT_SCALE")
    echo
    echo "### Pre-commit: one file (target ≤ 20 ms)"
    echo
    echo "\`art32 lint FILE\` (human output) run in the scale-$PRECOMMIT_SCALE repository, and on the same file alone in an empty repository; best of $RUNS."
    echo
    echo "| file | in the repository: wall ms | peak RSS MiB | alone: wall ms | peak RSS MiB |"
    echo "|---|---:|---:|---:|---:|"
    for f in hosts/web0.example.com/etc/nginx/sites-available/site0.web0.example.com.conf \
        hosts/srv9.internal/etc/fstab \
        hosts/mail7.example.com/etc/postfix/main.cf \
        inventory/host_vars/node0-0.example.com.yml; do
        alone=$TMP/alone/$(basename "$f")
        mkdir -p "$alone/.git" "$(dirname "$alone/$f")"
        cp "$dir/art32.toml" "$alone/"
        cp "$dir/$f" "$alone/$f"
        cd "$dir"
        measure "in $f" 1 "$RUNS" "$BIN" lint --today "$TODAY" "$f"
        cd "$alone"
        measure "alone $f" 1 "$RUNS" "$BIN" lint --today "$TODAY" "$f"
        cd "$ROOT"
        cells=""
        for k in "in $f" "alone $f"; do
            case "${RESULT[$k]}" in
            timeout | failed) cells="$cells | ${RESULT[$k]} | " ;;
            *) cells="$cells | $(awk -v w="$(wall "$k")" 'BEGIN { printf "%.0f", w * 1000 }') | $(awk -v k="$(rss "$k")" 'BEGIN { printf "%.0f", k / 1024 }')" ;;
            esac
        done
        echo "| \`$f\`$cells |"
    done
fi
