#!/usr/bin/env bash
# Build and test the asan preset (AddressSanitizer + UndefinedBehaviorSanitizer, leak
# checking on); any sanitizer report aborts the test that triggered it.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Leaks inside third-party libraries (libpacparser), each with its reason in the file.
export LSAN_OPTIONS=suppressions=$PWD/ci/lsan-suppressions.txt:print_suppressions=0

bash ci/build.sh asan
bash ci/test.sh asan
