#!/usr/bin/env bash
# Engine benchmark: wall time of a sweep with N black-holed hosts (SYNs dropped by a listener
# whose accept queue is full, on loopback) and --timeout 2s, against one such host. Prints the
# median of RUNS runs for each and their ratio; a concurrent engine keeps the ratio near 1.
# Usage: bench/engine_bench.sh [PINPROBE] [FAULT_SERVER] [N] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pinprobe=${1:-$here/build/ci/pinprobe}
fault=${2:-$here/build/ci/tests/pinprobe_fault_server}
n=${3:-50}
runs=${4:-5}
work=$(mktemp -d)
trap 'kill "$fault_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

"$fault" tcp-backlog "$work/port" & fault_pid=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
port=$(cat "$work/port")

sweep() {  # sweep COUNT: prints the wall time in ms of one run over COUNT black-holed hosts
  local count=$1 hosts="" args=() i
  for ((i = 1; i <= count; i++)); do
    hosts+="${hosts:+, }\"h$i.blackhole.test\""
    args+=(--resolve "h$i.blackhole.test:$port:127.0.0.1")
  done
  cat >"$work/domains.yaml" <<YAML
version: 1
groups:
  - name: blackhole
    allowlist: "*.blackhole.test"
    pins: none
    ports: [$port]
    hosts: [$hosts]
YAML
  local start end
  start=$(date +%s%N)
  "$pinprobe" check --format json --no-proxy --no-revocation --timeout 2s \
    --domains "$work/domains.yaml" "${args[@]}" >"$work/report.json" || true
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

one=$(for _ in $(seq "$runs"); do sweep 1; done | median)
many=$(for _ in $(seq "$runs"); do sweep "$n"; done | median)
python3 - "$work/report.json" <<'PY'
import json, sys
codes = {f["code"] for t in json.load(open(sys.argv[1]))["targets"] for f in t["findings"]}
print("findings in the last sweep:", ", ".join(sorted(codes)))
PY
echo "1 black-holed host:   median ${one} ms over $runs runs"
echo "$n black-holed hosts: median ${many} ms over $runs runs"
awk -v a="$many" -v b="$one" 'BEGIN { printf "ratio %d hosts / 1 host: %.2f\n", '"$n"', a / b }'
