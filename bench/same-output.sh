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
git worktree add --detach -q "$TMP/old" "$1"
(cd "$TMP/old" && CARGO_TARGET_DIR="$TMP/old-target" cargo build --release --locked --quiet)
cargo build --release --locked --quiet
OLD="$TMP/old-target/release/art32"
NEW="$REPO/target/release/art32"

targets="examples/demo-infra"
if [ -d ../shared/corpus ]; then
    for d in ../shared/corpus/*/; do
        case "$d" in */oracle/) continue ;; esac
        targets="$targets ${d%/}"
    done
fi
different=0
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
