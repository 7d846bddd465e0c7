#!/usr/bin/env bash
# Cross-compile with MinGW-w64 to prove the Windows sources (device/, platform/) compile.
# Nothing is run: the preset only builds, with warnings as errors (PROBE_WERROR in the preset).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
cmake --preset mingw-check
cmake --build --preset mingw-check -j"$(nproc)"
