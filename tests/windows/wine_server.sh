#!/usr/bin/env bash
# wine_server.sh start|stop: creates the Wine prefix if needed (through wine.sh) and keeps one
# persistent wineserver up for the test run, or stops it.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
export WINEPREFIX=${PINPROBE_WINEPREFIX:-$repo/build/windows/wineprefix}
case ${1:-} in
  start)
    # Creates the prefix if needed, then replaces whatever server lingers with one that stays
    # up (-p) between the many short pinprobe.exe runs of the test suite. The server gets no
    # inherited descriptors: CTest waits for every holder of a test's output pipe.
    bash "$here/wine.sh" cmd /c echo ready >/dev/null 2>&1 </dev/null
    timeout 30 wineserver -k 2>/dev/null || true
    timeout 30 wineserver -w 2>/dev/null || true
    wineserver -p </dev/null >/dev/null 2>&1
    bash "$here/wine.sh" cmd /c echo ready >/dev/null 2>&1 </dev/null
    echo "wine prefix up: $WINEPREFIX ($(wine --version 2>/dev/null))" ;;
  stop)
    timeout 30 wineserver -k || true ;;
  *) echo "usage: wine_server.sh start|stop" >&2; exit 2 ;;
esac
