#!/usr/bin/env bash
# Packages one release binary: the release workflow, .ci/run and the tests all call this,
# so the asset names that cargo-binstall's metadata (Cargo.toml) and the Action's
# install.sh expect are the ones a release has.
#
# Usage: package.sh TARGET BINARY OUTDIR
# Writes OUTDIR/art32-<version>-<target>.tar.gz (.zip for Windows targets), holding
# art32-<version>-<target>/art32[.exe], README.md and the licence files, and beside it
# <archive>.sha256 in `sha256sum` format. Prints the archive's path.
set -euo pipefail
target="${1:?usage: package.sh TARGET BINARY OUTDIR}"
binary="${2:?usage: package.sh TARGET BINARY OUTDIR}"
outdir="${3:?usage: package.sh TARGET BINARY OUTDIR}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$(cd "$(dirname "$0")" && pwd)"
version="$("$here/version.sh")"

case "$target" in
    *-windows-*) exe=".exe" ext="zip" ;;
    *) exe="" ext="tar.gz" ;;
esac
test -f "$binary" || { echo "package.sh: no binary at $binary" >&2; exit 1; }
name="art32-$version-$target"
mkdir -p "$outdir"
outdir="$(cd "$outdir" && pwd)"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT

mkdir "$stage/$name"
cp "$binary" "$stage/$name/art32$exe"
chmod 755 "$stage/$name/art32$exe"
cp "$root/README.md" "$stage/$name/"
for licence in "$root"/LICENSE* "$root"/COPYING*; do
    if [ -f "$licence" ]; then cp "$licence" "$stage/$name/"; fi
done

archive="$name.$ext"
rm -f "$outdir/$archive" "$outdir/$archive.sha256"
if [ "$ext" = zip ]; then
    # Windows runners have 7-Zip but no zip.
    if command -v zip >/dev/null 2>&1; then
        (cd "$stage" && zip -qr "$outdir/$archive" "$name")
    else
        (cd "$stage" && 7z a -tzip -bd "$outdir/$archive" "$name" >/dev/null)
    fi
else
    tar -czf "$outdir/$archive" -C "$stage" "$name"
fi
(cd "$outdir" && "$here/sha256.sh" "$archive" > "$archive.sha256")
printf '%s\n' "$outdir/$archive"
