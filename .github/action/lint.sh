#!/usr/bin/env bash
# Runs art32 for the action: annotations on stdout, SARIF to a file; art32 itself
# appends the step summary and the step outputs (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT).
#
# Nothing here may run code from the checked-out pull request:
# - inputs arrive in environment variables, never interpolated into this script;
# - no interpreter that resolves modules from the working directory (no python3, no
#   jq): art32 writes the outputs;
# - PATH is fixed (the workspace cannot put a `cargo`, `jq` or `art32` first) and the
#   working directory is the runner's temporary directory, with every input path made
#   absolute under the workspace;
# - a SARIF file already in the workspace is removed first, so a stale or planted one is
#   never reported or uploaded, and an art32 error (exit 2) fails the step.
set -uo pipefail
: "${GITHUB_OUTPUT:?}" "${GITHUB_WORKSPACE:?}" "${RUNNER_TEMP:?}"
art32="${ART32_BIN:-$HOME/.cargo/bin/art32}"
export PATH=/usr/local/bin:/usr/bin:/bin
workspace=$(cd "$GITHUB_WORKSPACE" && pwd -P) || exit 2
cd "$RUNNER_TEMP" || exit 2

# An input path, absolute under the workspace.
in_workspace() {
    case "$1" in
        /*) printf '%s' "$1" ;;
        *) printf '%s/%s' "$workspace" "$1" ;;
    esac
}

sarif=$(in_workspace "${ART32_SARIF:-art32.sarif}")
if [ -e "$sarif" ] || [ -L "$sarif" ]; then
    rm -f -- "$sarif" || { echo "::error::cannot remove the old SARIF file"; exit 2; }
fi

read -r -a given <<< "${ART32_PATHS:-.}"
paths=()
for p in "${given[@]}"; do
    paths+=("$(in_workspace "$p")")
done
read -r -a extra <<< "${ART32_ARGS:-}"
args=(lint --format github --format sarif --output "$sarif" --fail-on "${ART32_FAIL_ON:-warning}")
if [ -n "${ART32_CONFIG:-}" ]; then
    args+=(--config "$(in_workspace "$ART32_CONFIG")")
fi

"$art32" "${args[@]}" "${extra[@]}" -- "${paths[@]}"
status=$?
if [ "$status" -ge 2 ]; then
    echo "::error::art32 could not lint (exit status $status): see the log above"
fi
exit "$status"
