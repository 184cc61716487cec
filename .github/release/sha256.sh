#!/usr/bin/env bash
# sha256sum where there is one (Linux, Git for Windows), else `shasum -a 256` (macOS);
# both print `<hash>  <file>`.
set -euo pipefail
if command -v sha256sum >/dev/null 2>&1; then
    sha256sum -- "$@"
else
    shasum -a 256 -- "$@"
fi
