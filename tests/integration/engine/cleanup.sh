#!/usr/bin/env bash
# Fixture cleanup: stops every server setup.sh started. Usage: cleanup.sh STATE_DIR.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
state=$1
[[ -d $state ]] || exit 0
servers=(nginx squid dnsmasq tcp-silent tcp-reset tls-alert tcp-backlog udp-servfail udp-silent
  closed-port)
# Signal every server first so that they shut down in parallel (SIGINT: squid's immediate
# shutdown), then wait for each, bounded, with SIGKILL as the last resort.
if [[ -s $state/squid.pid ]]; then kill -INT "$(cat "$state/squid.pid")" 2>/dev/null || true; fi
for f in "${servers[@]}"; do
  if [[ -s $state/$f.pid ]]; then kill "$(cat "$state/$f.pid")" 2>/dev/null || true; fi
done
for f in "${servers[@]}"; do
  stop_pid_file "$state/$f.pid"
done
exit 0
