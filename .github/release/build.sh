#!/usr/bin/env bash
# Builds the release binary of art32 for one target: the release workflow and .ci/run
# both call this, so CI builds exactly what a release ships.
#
# Usage: build.sh TARGET   (prints the path of the binary)
# ART32_BUILDER=zigbuild links with cargo-zigbuild (Zig as the C compiler and linker),
# for a Linux target the host has no C toolchain for (aarch64 musl on an x86_64 host).
set -euo pipefail
target="${1:?usage: build.sh TARGET}"
cd "$(dirname "$0")/../.."

# MSVC links the C runtime dynamically unless told otherwise; a release binary must
# run without the Visual C++ redistributable. musl targets are static by default.
case "$target" in
    *-windows-msvc) export RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" ;;
esac

case "${ART32_BUILDER:-cargo}" in
    cargo) cargo build --release --locked --target "$target" --bin art32 >&2 ;;
    zigbuild) cargo zigbuild --release --locked --target "$target" --bin art32 >&2 ;;
    *) echo "build.sh: unknown ART32_BUILDER '$ART32_BUILDER' (cargo or zigbuild)" >&2; exit 2 ;;
esac

dir="${CARGO_TARGET_DIR:-target}/$target/release"
case "$target" in
    *-windows-*) printf '%s\n' "$dir/art32.exe" ;;
    *) printf '%s\n' "$dir/art32" ;;
esac
