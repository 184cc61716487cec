#!/usr/bin/env bash
# bench/shapes.sh — growth per doubling of N for every input shape of bench/gen.py
# (issue 14: "each doubling of N at most doubles the time (±20%)").
#
# Builds target/release/art32 and, for each shape of `bench/gen.py shapes`, generates
# the shape at N, 2N, 4N (STEPS sizes in all) and runs
# `art32 lint --today 2026-12-01 --format FORMAT -j JOBS` on it (output to /dev/null)
# under GNU time: wall, user+sys CPU and peak RSS, the run with the least CPU of RUNS
# runs. Prints a Markdown table with the ratios CPU(2N)/CPU(N) and RSS(2N)/RSS(N) per
# doubling; a CPU ratio above LIMIT (2.4) is flagged `!` when the shorter run took at
# least 50 ms (below that the ratio is start-up and noise, shown in parentheses). CPU
# time, not wall: with -j 1 they agree on an idle machine, and CPU time is much the
# steadier of the two on a shared one. A run that takes longer than
# TIMEOUT seconds shows `timeout`, and the shape's larger sizes are not tried.
#
# Each shape's N is chosen so that its largest size took about a second on the 2-core
# development machine when this was written (postfix-classes and postfix-master are
# still super-linear there, so their N are small). nginx-includes stays at 10,000 files
# (4N), the most one include glob may match.
#
# Usage (from anywhere in the repository):
#
#   bench/shapes.sh                           # every shape
#   bench/shapes.sh nginx-map postfix-master  # these shapes
#   NS="nginx-map=16000 fstab-lines=1000" bench/shapes.sh nginx-map fstab-lines
#   FORMAT=human bench/shapes.sh fstab-lines nginx-servers
#
# Environment: NS (SHAPE=N overrides of the first N), STEPS (3: N, 2N, 4N), FORMAT
# (json; human, sarif, github), JOBS (1), RUNS (1), TIMEOUT (60 seconds a run),
# LIMIT (2.4).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
STEPS=${STEPS:-3}
FORMAT=${FORMAT:-json}
JOBS=${JOBS:-1}
RUNS=${RUNS:-1}
TIMEOUT=${TIMEOUT:-60}
LIMIT=${LIMIT:-2.4}
TODAY=2026-12-01

declare -A N=(
    [fstab-lines]=8000
    [fstab-options]=256000
    [inventory-csv]=8000
    [inventory-groups]=8000
    [inventory-yaml-groups]=8000
    [nginx-include-chain]=4000
    [nginx-includes]=2500
    [nginx-log-formats]=16000
    [nginx-map]=8000
    [nginx-one-line]=4000
    [nginx-servers]=2000
    [postfix-chains]=8000
    [postfix-classes]=200
    [postfix-master]=600
)
for o in ${NS:-}; do
    N[${o%%=*}]=${o#*=}
done

if ! /usr/bin/time --version 2>&1 | grep -q GNU; then
    echo "bench/shapes.sh needs GNU time at /usr/bin/time (Debian: apt-get install time)" >&2
    exit 2
fi
cargo build --release --locked --quiet
BIN=$ROOT/target/release/art32
TMP=$(mktemp -d "${TMPDIR:-/tmp}/art32-shapes.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM

if [ "$#" -gt 0 ]; then
    SHAPES="$*"
else
    SHAPES=$(python3 bench/gen.py shapes)
fi

# cpu "WALL CPU RSS_KIB": CPU.
cpu() {
    local rest=${1#* }
    echo "${rest%% *}"
}

# run DIR: "WALL CPU RSS_KIB" of the run with the least CPU of RUNS, or
# "timeout"/"failed".
run() {
    local i status t0 t1 line best=""
    for ((i = 0; i < RUNS; i++)); do
        status=0
        t0=$(date +%s%N)
        /usr/bin/time -o "$TMP/time" -f '%U %S %M' timeout "$TIMEOUT" \
            "$BIN" lint --today "$TODAY" --format "$FORMAT" -j "$JOBS" "$1" >/dev/null 2>"$TMP/stderr" ||
            status=$?
        t1=$(date +%s%N)
        if [ "$status" = 124 ]; then
            echo timeout
            return
        elif [ "$status" -gt 1 ]; then
            echo "$1: exit status $status" >&2
            tail -n 5 "$TMP/stderr" >&2
            echo failed
            return
        fi
        line=$(tail -n 1 "$TMP/time" | awk -v ns=$((t1 - t0)) '{ printf "%.3f %.2f %d", ns / 1e9, $1 + $2, $3 }')
        if [ -z "$best" ] || awk -v a="$(cpu "$line")" -v b="$(cpu "$best")" 'BEGIN { exit !(a < b) }'; then
            best=$line
        fi
    done
    echo "$best"
}

echo "\`art32 lint --format $FORMAT -j $JOBS\`; the least CPU of $RUNS run(s); a CPU ratio above $LIMIT per doubling is flagged \`!\`."
echo
echo "| shape | N | wall s | user+sys s | peak RSS MiB | CPU × per doubling | RSS × |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for shape in $SHAPES; do
    n=${N[$shape]:-}
    if [ -z "$n" ]; then
        n=1000
        echo "$shape: no N set in bench/shapes.sh, using $n" >&2
    fi
    prev=""
    for ((step = 0; step < STEPS; step++)); do
        size=$((n << step))
        dir=$TMP/$shape-$size
        if [ "$prev" = timeout ] || [ "$prev" = failed ]; then
            echo "| $shape | $size | not run | | | | |"
            continue
        fi
        python3 bench/gen.py shape "$shape" "$size" "$dir" >/dev/null
        r=$(run "$dir")
        rm -rf "$dir"
        case "$r" in
        timeout | failed)
            [ "$r" = timeout ] && r="timeout (> $TIMEOUT s)"
            echo "| $shape | $size | $r | | | | |"
            r=${r%% *}
            prev=$r
            continue
            ;;
        esac
        wall=${r%% *} rss=${r##* }
        ratio="" rratio=""
        if [ -n "$prev" ]; then
            ratio=$(awk -v a="$(cpu "$r")" -v b="$(cpu "$prev")" -v lim="$LIMIT" 'BEGIN {
                r = b > 0 ? a / b : 0
                if (b < 0.05) printf "(%.2f)", r
                else printf "%.2f%s", r, (r > lim ? " !" : "")
            }')
            rratio=$(awk -v a="$rss" -v b="${prev##* }" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
        fi
        echo "| $shape | $size | $wall | $(cpu "$r") | $(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }') | $ratio | $rratio |"
        prev=$r
    done
done
