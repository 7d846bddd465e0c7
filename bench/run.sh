#!/usr/bin/env bash
# The benchmark in one command: builds pinprobe (cmake --preset ci, or reuses build/ci), brings
# up the loopback lab of bench/lab.sh, runs bench/bench.py against it and prints a markdown
# report (also written to build/ci/bench/results.md). Needs root: the lab runs in a network
# namespace the script creates (ip netns add; its loopback carries the lab addresses
# 198.18.0.1 and .2, nothing leaves it) and deletes at the end; blackbox_exporter reads the lab
# names from a /etc/hosts bind-mounted in a private mount namespace.
# Usage: bash bench/run.sh [--quick] [--runs N] [--pinprobe PATH]
#   --quick    3 runs, N up to 200 (100 at D = 50 ms), no sequential peers at D = 50 ms, k = 1
#              and 100 black holes with --timeout 1s: about a minute. The full run (5 runs,
#              N up to 2000, k = 1, 10, 100 at the default --timeout 5s) about 5 minutes.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
quick=() runs="" pinprobe="" inside=""
while (($#)); do
  case $1 in
    --inside) inside=$2; shift ;;  # internal: re-run inside namespace $2
    --quick) quick=(--quick) ;;
    --runs) runs=$2; shift ;;
    --pinprobe) pinprobe=$2; shift ;;
    *) echo "bench/run.sh: unknown argument '$1' (use --quick, --runs N, --pinprobe PATH)" >&2
       exit 2 ;;
  esac
  shift
done
[[ -n $runs ]] || { ((${#quick[@]})) && runs=3 || runs=5; }

for tool in nginx dnsmasq openssl curl python3 ip unshare /usr/bin/time \
  prometheus-blackbox-exporter; do
  command -v "$tool" >/dev/null || {
    echo "bench/run.sh: $tool is missing (ci/install-deps.sh installs it)" >&2
    exit 2
  }
done

if [[ -z $pinprobe ]]; then
  if [[ ! -f $root/build/ci/build.ninja ]]; then
    (cd "$root" && cmake --preset ci >/dev/null)
  fi
  cmake --build "$root/build/ci" --target pinprobe >/dev/null
  pinprobe=$root/build/ci/pinprobe
fi
out_dir=$root/build/ci/bench
mkdir -p "$out_dir"

if [[ -z $inside ]]; then
  netns=pinprobe-bench-$$
  ip netns add "$netns"
  trap 'ip netns delete "$netns"' EXIT
  ip -n "$netns" link set lo up
  ip -n "$netns" addr add 198.18.0.1/32 dev lo
  ip -n "$netns" addr add 198.18.0.2/32 dev lo
  ip netns exec "$netns" bash "$here/run.sh" --inside "$netns" --runs "$runs" \
    --pinprobe "$pinprobe" "${quick[@]}"
  exit
fi

source "$here/lab.sh"
state=$(mktemp -d /tmp/pinprobe-bench.XXXXXX)
trap 'lab_down "$state"; rm -rf "$state"' EXIT
lab_up "$state"
ulimit -n 65536 2>/dev/null || true
python3 "$here/bench.py" run --pinprobe "$pinprobe" --state "$state" --runs "$runs" \
  "${quick[@]}" --out "$out_dir/results.md"
