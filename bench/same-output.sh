#!/bin/sh
# bench/same-output.sh REV — is the output of the working tree byte-identical to REV's?
#
# For refactors that must not change behaviour (issue 13): builds REV (in a temporary
# git worktree, its own target directory) and the working tree, runs both on
# examples/demo-infra and on every directory of ../shared/corpus in every format
# (human, json, sarif, github), and compares the bytes and the exit status. Prints one
# line per run and `same` or `DIFFERENT` at the end; exit status 1 when anything
# differs. Nothing is written to the repository (the worktree and outputs live in a
# temporary directory).
#
#   bench/same-output.sh 00edf76
#
# With OLD_BIN=PATH, that binary stands for REV and nothing is built for it (a helper
# comparing many times builds REV once). `art32 rules` and `art32 explain ID` for every
# rule are compared too.
set -eu
[ "$#" -eq 1 ] || { echo "usage: bench/same-output.sh REV" >&2; exit 2; }
cd "$(dirname "$0")/.."
REPO=$PWD
TMP=$(mktemp -d "${TMPDIR:-/tmp}/art32-same.XXXXXX")
cleanup() {
    git -C "$REPO" worktree remove --force "$TMP/old" >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT INT TERM
if [ -n "${OLD_BIN:-}" ]; then
    OLD=$OLD_BIN
else
    git worktree add --detach -q "$TMP/old" "$1"
    (cd "$TMP/old" && CARGO_TARGET_DIR="$TMP/old-target" cargo build --release --locked --quiet)
    OLD="$TMP/old-target/release/art32"
fi
cargo build --release --locked --quiet
NEW="$REPO/target/release/art32"

targets="examples/demo-infra"
if [ -d ../shared/corpus ]; then
    for d in ../shared/corpus/*/; do
        case "$d" in */oracle/) continue ;; esac
        targets="$targets ${d%/}"
    done
fi
different=0
# The registry as rendered: the rule table and every rule's explanation.
for id in "" $("$OLD" rules --format json 2>/dev/null | python3 -c 'import json,sys; [print(r["id"]) for r in json.load(sys.stdin)["rules"]]' 2>/dev/null || "$OLD" rules | awk 'NR>1 {print $1}'); do
    for which in old new; do
        bin=$OLD
        [ "$which" = new ] && bin=$NEW
        status=0
        if [ -z "$id" ]; then "$bin" rules; else "$bin" explain "$id"; fi \
            >"$TMP/$which.out" 2>"$TMP/$which.err" || status=$?
        echo "$status" >>"$TMP/$which.out"
    done
    if cmp -s "$TMP/old.out" "$TMP/new.out" && cmp -s "$TMP/old.err" "$TMP/new.err"; then
        printf 'same       %-40s %s\n' "${id:-rules}" "explain"
    else
        printf 'DIFFERENT  %-40s %s\n' "${id:-rules}" "explain"
        different=1
    fi
done
for t in $targets; do
    for format in human json sarif github; do
        for which in old new; do
            bin=$OLD
            [ "$which" = new ] && bin=$NEW
            status=0
            # The step summary and outputs of `--format github` go to files of our own.
            GITHUB_STEP_SUMMARY="$TMP/$which.summary" GITHUB_OUTPUT="$TMP/$which.output" \
                "$bin" lint --today 2026-11-26 --format "$format" "$t" \
                >"$TMP/$which.out" 2>"$TMP/$which.err" || status=$?
            echo "$status" >>"$TMP/$which.out"
        done
        if cmp -s "$TMP/old.out" "$TMP/new.out" && cmp -s "$TMP/old.err" "$TMP/new.err"; then
            printf 'same       %-40s %s\n' "$t" "$format"
        else
            printf 'DIFFERENT  %-40s %s\n' "$t" "$format"
            different=1
        fi
        rm -f "$TMP"/*.out "$TMP"/*.err "$TMP"/*.summary "$TMP"/*.output
    done
done
if [ "$different" = 0 ]; then echo same; else echo DIFFERENT; exit 1; fi
