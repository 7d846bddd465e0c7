#!/usr/bin/env bash
# pushgateway.sh start|stop|push STATE [TOOL]: a real prometheus-pushgateway on a loopback
# port chosen per run (CTest fixture), and a push of the sample metrics read back from it.
set -euo pipefail
source "$(dirname "$0")/common.sh"
action=$1 state=$2
gateway=${PUSHGATEWAY:-/usr/bin/prometheus-pushgateway}
case $action in
  start)
    [[ -x $gateway ]] || need prometheus-pushgateway
    need curl
    need python3
    mkdir -p "$state"
    port=$(python3 "$(dirname "$0")/../lib/reserve_port.py" tcp)
    "$gateway" --web.listen-address="127.0.0.1:$port" --persistence.file="" \
      >"$state/pushgateway.log" 2>&1 &
    echo $! >"$state/pushgateway.pid"
    echo "$port" >"$state/pushgateway.port"
    for _ in $(seq 1 100); do
      if curl -fsS --noproxy '*' "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; then
        echo "pushgateway ready on 127.0.0.1:$port"
        exit 0
      fi
      sleep 0.1
    done
    echo "pushgateway did not become ready" >&2
    cat "$state/pushgateway.log" >&2
    exit 1
    ;;
  stop)
    if [[ -f $state/pushgateway.pid ]]; then
      pid=$(cat "$state/pushgateway.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      rm -f "$state/pushgateway.pid"
    fi
    ;;
  push)
    tool=$3
    [[ -f $state/pushgateway.port ]] || { echo "fixture not running" >&2; exit 1; }
    port=$(cat "$state/pushgateway.port")
    "$tool" render prom "$state/sample.prom"
    "$tool" push "http://127.0.0.1:$port" berlin-hq "$state/sample.prom"
    curl -fsS --noproxy '*' "http://127.0.0.1:$port/metrics" >"$state/readback.txt"
    # The grouping key carries instance = this machine's host name (report::default_instance).
    instance=$(uname -n)
    grep -qF "pinprobe_tls_intercepted{group=\"okta-org\",host=\"login.okta.com\",instance=\"$instance\",job=\"pinprobe\",port=\"443\",site=\"berlin-hq\"} 1" "$state/readback.txt"
    grep -q 'pinprobe_revocation_reachable{' "$state/readback.txt"
    # A site with characters outside [A-Za-z0-9._-] travels base64url-encoded (@base64).
    printf '# TYPE pinprobe_run_verdict gauge\npinprobe_run_verdict 0\n' >"$state/plain.prom"
    "$tool" push "http://127.0.0.1:$port" "lab/1 (b)" "$state/plain.prom"
    curl -fsS --noproxy '*' "http://127.0.0.1:$port/metrics" >"$state/readback2.txt"
    grep -qF "pinprobe_run_verdict{instance=\"$instance\",job=\"pinprobe\",site=\"lab/1 (b)\"} 0" "$state/readback2.txt"
    echo "ok: pushed and read back"
    ;;
esac
