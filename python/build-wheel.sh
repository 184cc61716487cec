#!/usr/bin/env bash
# Builds the art32 wheel (python/pyproject.toml: maturin, `bindings = "bin"`) in release
# mode for one target into target/wheels/, and prints the wheel's path. .ci/run and the
# PyPI workflow (.github/workflows/pypi.yml) both call this.
#
# Usage: python/build-wheel.sh [TARGET]   (default: x86_64-unknown-linux-musl)
#        python/build-wheel.sh sdist      the source distribution, into target/sdist/
#   MATURIN           the maturin to run (default: maturin $MATURIN_VERSION from PyPI,
#                     installed into target/wheel-venv)
#   ART32_BUILDER=zigbuild  link with Zig (maturin --zig; Zig from PyPI's ziglang), as
#                     .github/release/build.sh does for aarch64 musl
#
# The cargo invocation matches .github/release/build.sh (`cargo build --release --locked
# --target TARGET --bin art32`, the same RUSTFLAGS): cargo then reuses the release binary
# that script built for the same target, instead of compiling art32 a second time.
set -euo pipefail
target="${1:-x86_64-unknown-linux-musl}"
cd "$(dirname "$0")/.."
root="$PWD"
MATURIN_VERSION=1.16.0
ZIGLANG_VERSION=0.17.0

if [ -z "${MATURIN:-}" ]; then
    venv=target/wheel-venv
    bin="$venv/bin"
    case "$(uname -s)" in MINGW* | MSYS* | CYGWIN*) bin="$venv/Scripts" ;; esac
    if ! "$bin/maturin" --version 2>/dev/null | grep -qx "maturin $MATURIN_VERSION"; then
        python="$(command -v python3 || command -v python)"
        "$python" -m venv "$venv"
        "$bin/python" -m pip install --quiet --only-binary :all: "maturin==$MATURIN_VERSION" >&2
    fi
    if [ "${ART32_BUILDER:-cargo}" = zigbuild ]; then
        # maturin runs Zig as `python3 -m ziglang`: the venv's python3 first on PATH.
        "$bin/python" -m pip install --quiet --only-binary :all: "ziglang==$ZIGLANG_VERSION" >&2
        PATH="$root/$bin:$PATH"
    fi
    MATURIN="$root/$bin/maturin"
fi

if [ "$target" = sdist ]; then
    (cd python && "$MATURIN" sdist --out "$root/target/sdist") >&2
    ls "$root"/target/sdist/art32-*.tar.gz
    exit 0
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
