#!/usr/bin/env bash
# Fixture cleanup: stops the nginx setup.sh started. Usage: cleanup.sh STATE_DIR.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
state=$1
[[ -d $state ]] || exit 0
stop_pid_file "$state/nginx.pid"
exit 0
