#!/usr/bin/env bash
# --output as cron and root use it (issue 14): killed at random moments the report is always the
# previous complete one or the new complete one; SIGTERM leaves no temp file; SIGKILL's stale
# temp files (.NAME.pinprobe-XXXXXX) are removed by the next successful write once older than a
# minute; a FIFO, a directory or a missing directory are refused with exit 2 before anything
# runs, /dev/null is written to and stays a device, an existing file's mode is kept.
# The report comes from `pinprobe cert` on part of the system CA bundle: local, deterministic.
# Usage: output.sh PINPROBE SOURCE_DIR WORK_DIR SCENARIO
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
need python3 sha256sum
pinprobe=$1
scenario=$4
work=$3/output-$scenario
system_bundle=/etc/ssl/certs/ca-certificates.crt
[[ -r $system_bundle ]] || need ca-certificates-bundle  # skips locally, fails under CI
rm -rf "$work"
mkdir -p "$work/out"
# The first 50 certificates: a ~50 KB report, a run short enough for 100 kills.
bundle=$work/bundle.pem
awk '/BEGIN CERTIFICATE/ { n++ } n <= 50' "$system_bundle" >"$bundle"
target=$work/out/report

hash_of() { sha256sum "$1" | cut -d' ' -f1; }
temps() { find "$work/out" -maxdepth 1 -name '.report.pinprobe-??????' | wc -l; }

# The two reports the runs alternate between, written to stdout once without interference.
"$pinprobe" cert --format json "$bundle" >"$work/a" || { echo "cert json failed" >&2; exit 1; }
"$pinprobe" cert --format text "$bundle" >"$work/b" || { echo "cert text failed" >&2; exit 1; }
hash_a=$(hash_of "$work/a")
hash_b=$(hash_of "$work/b")
[[ $hash_a != "$hash_b" ]] || { echo "the two reports are identical" >&2; exit 1; }
format_of() { [[ $1 == a ]] && echo json || echo text; }

# kill_loop SIGNAL COUNT: COUNT runs, each killed with SIGNAL after a random delay within
# 0.3 to 1.1 x the time one run takes (the write comes last); after each, the report is the
# previous or the new one.
kill_loop() {
  local sig=$1 count=$2 i prev=a next delay delay_ms start end run_ms now pid
  "$pinprobe" cert --format json --output "$target" "$bundle"
  start=$(date +%s%N)
  "$pinprobe" cert --format text --output "$target" "$bundle"
  end=$(date +%s%N)
  run_ms=$(((end - start) / 1000000 + 1))
  prev=b
  completed=0
  for ((i = 0; i < count; i++)); do
    if [[ $prev == a ]]; then next=b; else next=a; fi
    # In bash, not a python3 per run: an interpreter start costs more than the run itself on a
    # loaded machine, and 100 of them went past the test's time limit.
    delay_ms=$((run_ms * 3 / 10 + (RANDOM * 32768 + RANDOM) % (run_ms * 8 / 10 + 1)))
    delay=$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))
    "$pinprobe" cert --format "$(format_of "$next")" --output "$target" "$bundle" &
    pid=$!
    sleep "$delay"
    kill "-$sig" "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    now=$(hash_of "$target")
    if [[ $now != "$(hash_of "$work/$next")" && $now != "$(hash_of "$work/$prev")" ]]; then
      # The reports say "expires in N days": N of one of the 50 certificates may have moved
      # since the references were written. Write them again and compare with those.
      "$pinprobe" cert --format json "$bundle" >"$work/a" || true
      "$pinprobe" cert --format text "$bundle" >"$work/b" || true
    fi
    if [[ $now == "$(hash_of "$work/$next")" ]]; then
      prev=$next
      completed=$((completed + 1))
    elif [[ $now != "$(hash_of "$work/$prev")" ]]; then
      echo "run $i ($sig after ${delay}s): report is neither the previous nor the new one" >&2
      head -c 300 "$target" >&2
      exit 1
    fi
    if [[ $sig == TERM ]] && (($(temps) != 0)); then
      echo "run $i: SIGTERM left a temp file: $(ls -a "$work/out")" >&2
      exit 1
    fi
  done
  echo "$count x SIG$sig: $completed runs completed first, $((count - completed)) killed;" \
    "$(temps) temp files left"
}

case $scenario in
  sigkill)
    kill_loop KILL 100
    left=$(temps)
    ((left <= 100)) || { echo "$left temp files for 100 runs" >&2; exit 1; }
    # Fresh stale files stay (another run may be writing them); old ones go at the next write.
    touch "$work/out/.report.pinprobe-FRESH1"
    python3 - "$work/out" <<'PY'
import os, sys, time
for name in os.listdir(sys.argv[1]):
    if name.startswith(".report.pinprobe-") and name != ".report.pinprobe-FRESH1":
        old = time.time() - 120
        os.utime(os.path.join(sys.argv[1], name), (old, old))
PY
    touch -d '2 minutes ago' "$work/out/.report.pinprobe-OLDOLD"
    "$pinprobe" cert --format json --output "$target" "$bundle"
    [[ $(hash_of "$target") == "$hash_a" ]] || { echo "final report wrong" >&2; exit 1; }
    remaining=$(ls -A "$work/out" | sort | tr '\n' ' ')
    [[ $remaining == ".report.pinprobe-FRESH1 report " ]] ||
      { echo "after cleanup: $remaining" >&2; exit 1; } ;;
  sigterm)
    kill_loop TERM 30 ;;
  targets)
    mkfifo "$work/fifo"
    rc=0
    "$pinprobe" cert --output "$work/fifo" "$bundle" >"$work/stdout" 2>"$work/err" || rc=$?
    ((rc == 2)) || { echo "FIFO: exit $rc" >&2; exit 1; }
    grep -qF -e "--output '$work/fifo': exists and is not a regular file" "$work/err" ||
      { cat "$work/err"; exit 1; }
    [[ -p $work/fifo ]] || { echo "the FIFO was replaced" >&2; exit 1; }
    rc=0
    "$pinprobe" cert --output "$work/out" "$bundle" 2>"$work/err" || rc=$?
    ((rc == 2)) || { echo "directory: exit $rc" >&2; exit 1; }
    grep -qF -e "--output '$work/out': is a directory" "$work/err" || { cat "$work/err"; exit 1; }
    # A device other than a terminal is refused before anything runs, never replaced.
    rc=0
    "$pinprobe" cert --output /dev/null "$bundle" 2>"$work/err" || rc=$?
    ((rc == 2)) || { echo "/dev/null: exit $rc" >&2; exit 1; }
    [[ -c /dev/null ]] || { echo "/dev/null is no longer a device" >&2; exit 1; }
    cp "$work/b" "$target"
    chmod 0640 "$target"
    "$pinprobe" cert --format json --output "$target" "$bundle"
    [[ $(stat -c %a "$target") == 640 ]] || { echo "mode now $(stat -c %a "$target")" >&2; exit 1; }
    [[ $(hash_of "$target") == "$hash_a" ]] || { echo "report not replaced" >&2; exit 1; }
    # --output - is stdout.
    "$pinprobe" cert --format json --output - "$bundle" >"$work/stdout"
    [[ $(hash_of "$work/stdout") == "$hash_a" ]] || { echo "--output - differs" >&2; exit 1; }
    [[ ! -e ./- ]] || { echo "a file named - was created" >&2; exit 1; } ;;
  *) echo "unknown scenario $scenario" >&2; exit 1 ;;
esac
