#!/usr/bin/env bash
# First run from a fresh checkout: install what building and running need (not the test
# toolchain: that is ci/run's), build the `ci` preset quietly, then run pinprobe with the given
# arguments (default: `check` with the built-in Okta plan).
#   ci/quickstart.sh [pinprobe arguments...]
# Relative paths in the arguments are taken from the caller's directory.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

bash "$root/ci/install-deps.sh" build

mkdir -p "$root/build/ci-logs"
build_log=$root/build/ci-logs/quickstart-build.log
echo "quickstart: building preset ci (log: ${build_log#"$root"/})" >&2
if ! (cd "$root" && bash ci/build.sh ci) >"$build_log" 2>&1; then
  tail -n 40 "$build_log" >&2
  echo "quickstart: build failed; full log in $build_log" >&2
  exit 1
fi

exec "$root/build/ci/pinprobe" "$@"
