#!/usr/bin/env bash
# Prints the version in the [package] table of Cargo.toml (the release's version).
set -euo pipefail
manifest="${1:-$(dirname "$0")/../../Cargo.toml}"
sed -n '/^\[package\]/,/^\[/s/^version *= *"\([^"]*\)".*/\1/p' "$manifest" | head -n 1 | grep .
