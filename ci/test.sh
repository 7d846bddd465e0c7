#!/usr/bin/env bash
# Run the tests of one built preset: ci/test.sh PRESET (dev, ci, asan).
#
# CTest's output is also kept in build/ci-logs/ctest-PRESET.log so that ci/run can repeat
# the summary line ("100% tests passed, 0 tests failed out of N") as its last output.
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: ci/test.sh PRESET" >&2
  exit 2
fi
preset=$1

cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p build/ci-logs
log=build/ci-logs/ctest-$preset.log

# Integration tests pick their loopback ports per run, so tests may run in parallel.
export CTEST_PARALLEL_LEVEL=${CTEST_PARALLEL_LEVEL:-$(nproc)}
ctest --preset "$preset" --output-on-failure 2>&1 | tee "$log"
