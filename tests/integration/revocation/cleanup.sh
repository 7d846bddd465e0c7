#!/usr/bin/env bash
# Fixture cleanup: stops every server setup.sh started. Usage: cleanup.sh STATE_DIR.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
state=$1
[[ -d $state ]] || exit 0
for f in nginx squid dnsmasq ocsp closed-port; do
  stop_pid_file "$state/$f.pid"
done
exit 0
