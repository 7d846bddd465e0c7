#!/usr/bin/env bash
# Fixture cleanup: stops the nginx, squid and dnsmasq setup.sh started. Usage: cleanup.sh STATE.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
state=$1
[[ -d $state ]] || exit 0
# SIGINT: squid's immediate shutdown (skips shutdown_lifetime).
if [[ -s $state/squid.pid ]]; then kill -INT "$(cat "$state/squid.pid")" 2>/dev/null || true; fi
for f in nginx squid dnsmasq closed-port; do
  stop_pid_file "$state/$f.pid"
done
exit 0
