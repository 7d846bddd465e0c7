#!/usr/bin/env bash
# Build the `fuzz` preset (libFuzzer + ASan + UBSan, clang), replay every checked-in
# regression input (tests/fuzz/regressions/<target>/), then fuzz each target for a bounded
# time from its seed corpus (build/fuzz/corpus/<target>/, written by the build). Fails on any
# crash, leak, timeout, out-of-memory or sanitizer report.
#
#   ci/fuzz.sh [SECONDS]    time per target (default $PINPROBE_FUZZ_SECONDS or 20)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-${PINPROBE_FUZZ_SECONDS:-20}}
if ! [[ $seconds =~ ^[0-9]+$ ]]; then
  echo "usage: ci/fuzz.sh [SECONDS]" >&2
  exit 2
fi
targets=(cert crl ocsp config explain http dns scep)
build=build/fuzz
# A small quarantine: the default 256 MiB of freed blocks counts against -rss_limit_mb.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1:quarantine_size_mb=32
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

bash ci/build.sh fuzz

log_dir=$build/logs
mkdir -p "$log_dir"
for target in "${targets[@]}"; do
  binary=$build/fuzz_$target
  regressions=tests/fuzz/regressions/$target
  if [[ -d $regressions ]]; then
    mapfile -t inputs < <(find "$regressions" -type f | sort)
    if ((${#inputs[@]})); then
      echo "fuzz $target: replaying ${#inputs[@]} regression input(s)" >&2
      # With file arguments libFuzzer runs each input once and exits non-zero on a crash.
      if ! "$binary" -rss_limit_mb=512 -timeout=5 "${inputs[@]}" >"$log_dir/$target-replay.log" 2>&1; then
        tail -n 40 "$log_dir/$target-replay.log" >&2
        echo "fuzz $target: a regression input fails again" >&2
        exit 1
      fi
    fi
  fi
  corpus=$build/corpus/$target
  work=$build/work/$target
  mkdir -p "$work"
  echo "fuzz $target: ${seconds}s from $(find "$corpus" -type f | wc -l) seed(s)" >&2
  # New inputs go to the scratch directory; the seeds stay as generated. A crash writes
  # crash-<sha1> there and fails the stage.
  if ! "$binary" -max_total_time="$seconds" -rss_limit_mb=512 -timeout=5 -print_final_stats=1 \
    -artifact_prefix="$work/" "$work" "$corpus" >"$log_dir/$target.log" 2>&1; then
    tail -n 60 "$log_dir/$target.log" >&2
    echo "fuzz $target: crashed; the input is in $work/ (add it to $regressions/)" >&2
    exit 1
  fi
  grep -E '^stat::number_of_executed_units' "$log_dir/$target.log" |
    sed "s/^/fuzz $target: /" >&2 || true
done
echo "fuzz: ${#targets[@]} targets clean" >&2
