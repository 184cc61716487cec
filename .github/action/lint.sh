#!/usr/bin/env bash
# Runs art32 for the action: annotations on stdout, SARIF to a file, the step summary
# (art32 appends it when GITHUB_STEP_SUMMARY is set), and the step outputs.
# Inputs arrive in environment variables, never interpolated into this script, so a
# crafted input or branch name cannot become shell code.
set -uo pipefail
: "${GITHUB_OUTPUT:?}"
sarif="${ART32_SARIF:-art32.sarif}"

read -r -a paths <<< "${ART32_PATHS:-.}"
read -r -a extra <<< "${ART32_ARGS:-}"
args=(lint --format github --format sarif --output - --output "$sarif" --fail-on "${ART32_FAIL_ON:-warning}")
if [ -n "${ART32_CONFIG:-}" ]; then
    args+=(--config "$ART32_CONFIG")
fi

art32 "${args[@]}" "${extra[@]}" -- "${paths[@]}"
status=$?

# The number of findings, from the SARIF just written (suppressed ones excluded).
findings=$(python3 - "$sarif" <<'PY' 2>/dev/null || echo 0
import json, sys
try:
    log = json.load(open(sys.argv[1]))
    print(sum(1 for r in log["runs"][0]["results"] if not r.get("suppressions")))
except Exception:
    print(0)
PY
)
{
    echo "findings=$findings"
    echo "sarif-file=$sarif"
} >> "$GITHUB_OUTPUT"
exit "$status"
