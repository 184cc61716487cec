#!/usr/bin/env bash
# Builds art32 from the action's own checkout (no download of a prebuilt binary).
#
# Nothing from the checked-out pull request may take part: PATH is fixed, the build
# runs in the runner's temporary directory (so no `rust-toolchain.toml` or
# `.cargo/config.toml` of the workspace is read), the toolchain is pinned with
# RUSTUP_TOOLCHAIN, and the build directory is outside the workspace.
set -euo pipefail
: "${ACTION_PATH:?}" "${RUNNER_TEMP:?}"
export PATH="$HOME/.cargo/bin:/usr/local/bin:/usr/bin:/bin"
export RUSTUP_TOOLCHAIN="${ART32_TOOLCHAIN:-stable}"
export CARGO_TARGET_DIR="$RUNNER_TEMP/art32-target"
cd "$RUNNER_TEMP"
want="art32 $(sed -n 's/^version = "\(.*\)"/\1/p' "$ACTION_PATH/Cargo.toml" | head -1)"
bin="$HOME/.cargo/bin/art32"
if [ -x "$bin" ] && [ "$("$bin" --version)" = "$want" ]; then
    echo "art32 is installed: $want"
    exit 0
fi
cargo install --locked --path "$ACTION_PATH" --bin art32 --force
