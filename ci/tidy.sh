#!/usr/bin/env bash
# clang-tidy over every translation unit under probe/, with the repository's .clang-tidy (its
# naming rules, cognitive-complexity threshold 25 and header filter), on the compile commands
# of an already configured build: ci/tidy.sh [BUILD_DIR] (default build/ci).
#
# The gate: the checks in .clang-tidy's WarningsAsErrors (readability-function-cognitive-
# complexity, readability-identifier-naming) are the ones run and enforced here; any report
# fails the stage, except the functions listed in ci/tidy-baseline.txt (over the threshold
# before the gate existed; the list may only shrink). PINPROBE_TIDY_CHECKS='*' (or another -checks list) runs the file's full,
# advisory set instead. Parallel over nproc cores (2 in CI: about two minutes).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build_dir=${1:-build/ci}
clang_tidy=${CLANG_TIDY:-clang-tidy}
checks=${PINPROBE_TIDY_CHECKS:-}

if [[ ! -f $build_dir/compile_commands.json ]]; then
  echo "tidy: $build_dir/compile_commands.json is missing (configure the preset first)" >&2
  exit 1
fi
if [[ -z $checks ]]; then
  # The enforced set is the one .clang-tidy names in WarningsAsErrors.
  checks=$(sed -n "s/^WarningsAsErrors: *'\(.*\)'$/\1/p" .clang-tidy)
  [[ -n $checks ]] || { echo "tidy: .clang-tidy has no WarningsAsErrors list" >&2; exit 1; }
  checks="-*,$checks"
fi

# The sources under probe/ that the build compiles (platform files for other systems are not
# in the compile commands and are covered by the MinGW check).
mapfile -t files < <(python3 - "$build_dir/compile_commands.json" "$PWD/probe/" <<'PY'
import json, os, sys
root = sys.argv[2]
seen = set()
for entry in json.load(open(sys.argv[1])):
    path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    if path.startswith(root) and path not in seen:
        seen.add(path)
        print(path)
PY
)
if ((${#files[@]} == 0)); then
  echo "tidy: no probe/ sources in $build_dir/compile_commands.json" >&2
  exit 1
fi

jobs=${PINPROBE_TIDY_JOBS:-$(nproc)}
echo "tidy: $("$clang_tidy" --version | grep -m1 -i version | sed 's/^ *//'), ${#files[@]} files," \
  "$jobs jobs, checks $checks" >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
printf '%s\0' "${files[@]}" |
  xargs -0 -n 1 -P "$jobs" "$clang_tidy" -p "$build_dir" --quiet --checks="$checks" \
    --warnings-as-errors='*' >"$log" 2>&1 || true

# Every report, as "FILE:LINE:COL: error: ... [check]", against ci/tidy-baseline.txt: functions
# over the complexity threshold that predate the gate are tolerated (and listed); anything else
# fails, and so does a baseline entry that no longer reports (delete its line).
python3 - "$log" ci/tidy-baseline.txt "$PWD/" <<'PY'
import re, sys
log, baseline_path, root = sys.argv[1], sys.argv[2], sys.argv[3]
baseline = set()
for line in open(baseline_path):
    line = line.strip()
    if line and not line.startswith("#"):
        baseline.add(tuple(line.split()))
report = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):\d+: (?:error|warning): (?P<text>.*) \[(?P<check>[^,\]]+)")
complexity = re.compile(r"function '(?P<fn>[^']+)' has cognitive complexity of (?P<n>\d+)")
seen, new, tolerated = set(), [], []
for line in open(log, errors="replace"):
    m = report.match(line)
    if not m:
        if re.match(r"^\S+: error:", line) or "error:" in line and "clang-diagnostic" in line:
            new.append(line.rstrip())
        continue
    path = m["file"][len(root):] if m["file"].startswith(root) else m["file"]
    key = None
    c = complexity.search(m["text"])
    if m["check"] == "readability-function-cognitive-complexity" and c:
        key = (path, c["fn"])
    entry = f"{path}:{m['line']}: {m['text']} [{m['check']}]"
    if entry in seen:
        continue  # a header's report repeats once per translation unit
    seen.add(entry)
    if key in baseline:
        tolerated.append((key, entry))
    else:
        new.append(entry)
gone = sorted(baseline - {k for k, _ in tolerated})
for _, entry in tolerated:
    print("tidy: baseline (split it):", entry, file=sys.stderr)
for entry in new:
    print("tidy:", entry, file=sys.stderr)
for path, fn in gone:
    print(f"tidy: {path} {fn} no longer reports: delete its line from {baseline_path}",
          file=sys.stderr)
print(f"tidy: {len(new)} new report(s), {len(tolerated)} baseline, {len(gone)} stale baseline",
      file=sys.stderr)
sys.exit(1 if new or gone else 0)
PY
echo "tidy: ok" >&2
