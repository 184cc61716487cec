#!/usr/bin/env bash
# Builds the art32 wheel (python/pyproject.toml: maturin, `bindings = "bin"`) in release
# mode for one target into target/wheels/, and prints the wheel's path. .ci/run and the
# PyPI workflow (.github/workflows/pypi.yml) both call this.
#
# Usage: python/build-wheel.sh [TARGET]   (default: x86_64-unknown-linux-musl)
#   MATURIN           the maturin to run (default: maturin $MATURIN_VERSION from PyPI, in
#                     target/wheel-venv)
#   ART32_BUILDER=zigbuild  link with Zig (maturin --zig; needs the ziglang package), for a
#                     Linux target the host has no C toolchain for (aarch64 musl on x86_64)
#
# The cargo invocation matches .github/release/build.sh (`cargo build --release --locked
# --target TARGET --bin art32`, the same RUSTFLAGS): cargo then reuses the release binary
# that script built for the same target, instead of compiling art32 a second time.
set -euo pipefail
target="${1:-x86_64-unknown-linux-musl}"
cd "$(dirname "$0")/.."
root="$PWD"
MATURIN_VERSION=1.16.0

if [ -z "${MATURIN:-}" ]; then
    venv=target/wheel-venv
    if ! "$venv/bin/maturin" --version 2>/dev/null | grep -qx "maturin $MATURIN_VERSION"; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --only-binary :all: "maturin==$MATURIN_VERSION" >&2
    fi
    MATURIN="$root/$venv/bin/maturin"
fi

args=(build --release --locked --target "$target" --out "$root/target/wheels")
case "$target" in
    # musl binaries are static: one wheel serves glibc (manylinux) and musl (musllinux)
    # systems, and pip on either picks it.
    *-linux-musl*) args+=(--compatibility manylinux_2_17 musllinux_1_2) ;;
    *-linux-gnu*) echo "build-wheel.sh: build a *-linux-musl target (static), not $target" >&2; exit 2 ;;
    # As .github/release/build.sh: no dependency on the Visual C++ redistributable.
    *-windows-msvc) export RUSTFLAGS="${RUSTFLAGS:-} -C target-feature=+crt-static" ;;
esac
case "${ART32_BUILDER:-cargo}" in
    cargo) ;;
    zigbuild) args+=(--zig) ;;
    *) echo "build-wheel.sh: unknown ART32_BUILDER '$ART32_BUILDER' (cargo or zigbuild)" >&2; exit 2 ;;
esac

mkdir -p target/wheels
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
(cd python && "$MATURIN" "${args[@]}") 2>&1 | tee "$log" >&2
# maturin's last line: "📦 Built wheel to <path>"
wheel="$(sed -n 's/.*Built wheel to //p' "$log" | tail -n 1)"
[ -f "$wheel" ] || { echo "build-wheel.sh: maturin named no wheel" >&2; exit 1; }
printf '%s\n' "$(cd "$(dirname "$wheel")" && pwd)/$(basename "$wheel")"
