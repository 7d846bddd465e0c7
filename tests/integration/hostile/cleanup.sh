#!/usr/bin/env bash
# Stops what setup.sh started. Usage: cleanup.sh STATE_DIR.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
state=$1
[[ -f $state/nginx.pid ]] && nginx -q -c "$state/nginx.conf" -p "$state" -s stop 2>/dev/null
for f in http-hostile udp-hostile tls-drip nginx; do stop_pid_file "$state/$f.pid"; done
exit 0
