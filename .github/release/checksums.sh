#!/usr/bin/env bash
# Checks every <archive>.sha256 in DIR against its archive and writes DIR/SHA256SUMS,
# all of them in one file, for `sha256sum -c SHA256SUMS`.
set -euo pipefail
dir="${1:?usage: checksums.sh DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
cd "$dir"
shopt -s nullglob
sums=(art32-*.sha256)
test "${#sums[@]}" -gt 0 || { echo "checksums.sh: no art32-*.sha256 in $dir" >&2; exit 1; }
for sum in "${sums[@]}"; do
    archive="${sum%.sha256}"
    "$here/sha256.sh" "$archive" | cmp -s - "$sum" || { echo "checksums.sh: $archive does not match $sum" >&2; exit 1; }
done
cat "${sums[@]}" > SHA256SUMS
