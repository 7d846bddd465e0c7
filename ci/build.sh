#!/usr/bin/env bash
# Configure and build one CMake preset: ci/build.sh PRESET (dev, ci, asan, tidy, mingw-check).
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: ci/build.sh PRESET" >&2
  exit 2
fi
preset=$1

cd "$(dirname "${BASH_SOURCE[0]}")/.."
cmake --preset "$preset"
cmake --build --preset "$preset" -j"$(nproc)"
