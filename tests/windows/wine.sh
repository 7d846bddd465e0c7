#!/usr/bin/env bash
# Runs a Windows executable under Wine, headless: `wine.sh PROGRAM.exe ARGS...`. The Wine prefix
# is $PINPROBE_WINEPREFIX (default build/windows/wineprefix of this clone), created on first use
# with `wineboot -i` (bounded, one creator at a time). No display is needed: pinprobe and the
# tests are console programs. CMake uses this as CMAKE_CROSSCOMPILING_EMULATOR, so doctest's test
# discovery and CTest run the unit-test executable through it.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export WINEPREFIX=${PINPROBE_WINEPREFIX:-$repo/build/windows/wineprefix}
export WINEDEBUG=-all
# No Mono/Gecko installer prompts, no display driver.
export WINEDLLOVERRIDES="mscoree=;mshtml=;winemenubuilder.exe=d"
unset DISPLAY WAYLAND_DISPLAY
wine=$(command -v wine || command -v wine64) || { echo "wine.sh: wine64 is not installed" >&2; exit 1; }
if [[ ! -f $WINEPREFIX/.pinprobe-ready ]]; then
  mkdir -p "$(dirname "$WINEPREFIX")"
  exec 8>"$WINEPREFIX.lock"
  flock 8
  if [[ ! -f $WINEPREFIX/.pinprobe-ready ]]; then
    timeout 180 "$wine" wineboot -i >/dev/null 2>&1 || { echo "wine.sh: wineboot -i failed or timed out ($WINEPREFIX)" >&2; exit 1; }
    timeout 60 wineserver -w || true
    touch "$WINEPREFIX/.pinprobe-ready"
  fi
  exec 8>&-
fi
exec "$wine" "$@"
