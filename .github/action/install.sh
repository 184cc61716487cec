#!/usr/bin/env bash
# Installs art32 for the action, in one of three modes:
#
#   install.sh release    download the release binary of the action's own version for this
#                         runner, verify its SHA-256, install it under RUNNER_TEMP; writes
#                         `bin=<path>` to GITHUB_OUTPUT, or, when the release has no asset
#                         for this runner, `cache-key=<key>` for the source build instead
#   install.sh source     build art32 from the action's own checkout (cargo install
#                         --locked); writes `bin=<path>`
#   install.sh cache-key  print the source build's cache key
#
# A checksum that does not match fails the step: falling back to a build then would hide
# a tampered download. Only a missing asset (HTTP 404, or no asset for this OS and
# architecture) leads to the source build.
#
# Nothing from the checked-out pull request may take part: PATH is fixed, everything runs
# in the runner's temporary directory (so no `rust-toolchain.toml` or `.cargo/config.toml`
# of the workspace is read), the toolchain is pinned with RUSTUP_TOOLCHAIN, the build
# directory is outside the workspace, and the version comes from the action's own
# Cargo.toml. ART32_RELEASE_BASE replaces the download URL's base for the tests (a
# `file://` directory); action.yml sets it empty, so a workflow cannot change it.
set -euo pipefail
: "${ACTION_PATH:?}" "${RUNNER_TEMP:?}"
export PATH="$HOME/.cargo/bin:/usr/local/bin:/usr/bin:/bin"
cd "$RUNNER_TEMP"
mode="${1:-release}"
version="$(sed -n '/^\[package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' "$ACTION_PATH/Cargo.toml" | head -n 1)"
test -n "$version" || { echo "::error::no version in $ACTION_PATH/Cargo.toml"; exit 1; }

export RUSTUP_TOOLCHAIN="${ART32_TOOLCHAIN:-stable}"

# The SHA-256 of standard input, in hex.
sha256() {
    if command -v sha256sum >/dev/null 2>&1; then sha256sum; else shasum -a 256; fi | cut -d' ' -f1
}

output() {
    if [ -n "${GITHUB_OUTPUT:-}" ]; then printf '%s\n' "$1" >> "$GITHUB_OUTPUT"; fi
}

# The release target of this runner, empty when releases have none.
runner_target() {
    case "${RUNNER_OS:-}/${RUNNER_ARCH:-}" in
        Linux/X64) echo x86_64-unknown-linux-musl ;;
        Linux/ARM64) echo aarch64-unknown-linux-musl ;;
        macOS/X64) echo x86_64-apple-darwin ;;
        macOS/ARM64) echo aarch64-apple-darwin ;;
        Windows/X64) echo x86_64-pc-windows-msvc ;;
        *) echo "" ;;
    esac
}

# The source build's cache key: the action's version, the runner, the toolchain, and a
# hash of everything that goes into the binary (hashFiles cannot see the action's
# directory, which lies outside the workspace).
cache_key() {
    local tree
    tree="$(cd "$ACTION_PATH" \
        && find Cargo.toml Cargo.lock build.rs src rules defaults -type f -print0 \
        | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
            printf '%s %s\n' "$(sha256 < "$f")" "$f"
        done | sha256 | cut -c1-32)"
    printf 'art32-source-%s-%s-%s-%s-%s\n' "$version" "${RUNNER_OS:-unknown}" \
        "${RUNNER_ARCH:-unknown}" "$RUSTUP_TOOLCHAIN" "$tree"
}

# Downloads $1 to $2. Exit status 0: downloaded; 1: no such asset; 2: failed.
fetch() {
    local code=0 http
    http="$(curl --proto "$protocols" --tlsv1.2 --fail --silent --show-error --location \
        --retry 3 --write-out '%{http_code}' --output "$2" "$1")" || code=$?
    case "$code/$http" in
        0/*) return 0 ;;
        22/404 | 37/*) return 1 ;;
        *) echo "::error::cannot download $1 (curl exit status $code, HTTP $http)"; return 2 ;;
    esac
}

release() {
    local target exe ext name archive base dir stage want got file status
    target="$(runner_target)"
    if [ -z "$target" ]; then
        echo "art32 $version has no release binary for ${RUNNER_OS:-?}/${RUNNER_ARCH:-?}: building from source"
        output "cache-key=$(cache_key)"
        return 0
    fi
    case "$target" in
        *-windows-*) exe=".exe" ext="zip" ;;
        *) exe="" ext="tar.gz" ;;
    esac
    name="art32-$version-$target"
    archive="$name.$ext"
    if [ -n "${ART32_RELEASE_BASE:-}" ]; then
        base="$ART32_RELEASE_BASE" protocols="=https,file"
    else
        base="https://github.com/art32/art32/releases/download" protocols="=https"
    fi
    dir="$RUNNER_TEMP/art32-$version-$target"
    stage="$(mktemp -d "$RUNNER_TEMP/art32-download.XXXXXX")"
    # shellcheck disable=SC2064 # the directory is known now
    trap "rm -rf '$stage'" EXIT

    status=0
    fetch "$base/v$version/$archive" "$stage/$archive" || status=$?
    if [ "$status" = 1 ]; then
        echo "art32 $version has no release asset $archive: building from source"
        output "cache-key=$(cache_key)"
        return 0
    fi
    [ "$status" = 0 ] || return 1
    fetch "$base/v$version/$archive.sha256" "$stage/$archive.sha256" || {
        echo "::error::$archive has no checksum ($archive.sha256): not installed"
        return 1
    }
    read -r want file < "$stage/$archive.sha256" || true
    got="$(sha256 < "$stage/$archive")"
    if [ "${file#\*}" != "$archive" ] || [ -z "$want" ] || [ "$want" != "$got" ]; then
        echo "::error::checksum mismatch for $archive: expected ${want:-nothing} (from $archive.sha256), got $got; art32 is not installed"
        return 1
    fi

    # Only the binary is taken out of the archive.
    mkdir "$stage/x"
    if [ "$ext" = zip ]; then
        unzip -q "$stage/$archive" "$name/art32$exe" -d "$stage/x" || true
    else
        tar -xzf "$stage/$archive" -C "$stage/x" "$name/art32$exe" || true
    fi
    if [ ! -f "$stage/x/$name/art32$exe" ] || [ -L "$stage/x/$name/art32$exe" ]; then
        echo "::error::$archive holds no $name/art32$exe: art32 is not installed"
        return 1
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    mv "$stage/x/$name/art32$exe" "$dir/art32$exe"
    chmod 755 "$dir/art32$exe"
    "$dir/art32$exe" --version >/dev/null || {
        echo "::error::the art32 in $archive does not run on this runner"
        rm -rf "$dir"
        return 1
    }
    echo "installed $("$dir/art32$exe" --version) from $archive (sha256 $got)"
    output "bin=$dir/art32$exe"
    if [ -n "${GITHUB_PATH:-}" ]; then printf '%s\n' "$dir" >> "$GITHUB_PATH"; fi
}

source_build() {
    export CARGO_TARGET_DIR="$RUNNER_TEMP/art32-target"
    local bin="$HOME/.cargo/bin/art32"
    if [ -x "$bin" ] && [ "$("$bin" --version)" = "art32 $version" ]; then
        echo "art32 is installed: art32 $version"
    else
        cargo install --locked --path "$ACTION_PATH" --bin art32 --force
    fi
    output "bin=$bin"
}

case "$mode" in
    release) release ;;
    source) source_build ;;
    cache-key) cache_key ;;
    *) echo "usage: install.sh [release|source|cache-key]" >&2; exit 2 ;;
esac
