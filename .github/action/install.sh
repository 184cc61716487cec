#!/usr/bin/env bash
# Builds art32 from the action's own checkout (no download of a prebuilt binary).
set -euo pipefail
: "${ACTION_PATH:?}"
if command -v art32 >/dev/null 2>&1 && [ "$(art32 --version)" = "art32 $(sed -n 's/^version = "\(.*\)"/\1/p' "$ACTION_PATH/Cargo.toml" | head -1)" ]; then
    echo "art32 is installed: $(art32 --version)"
    exit 0
fi
cargo install --locked --path "$ACTION_PATH" --bin art32 --force
