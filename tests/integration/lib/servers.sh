#!/usr/bin/env bash
# Shared integration fixtures (source after common.sh): nginx, squid and dnsmasq on loopback,
# each with its own config, pid and logs under a state directory.

# start_nginx DIR CONF_BODY: runs nginx with `http { CONF_BODY }`; pid in DIR/nginx.pid.
start_nginx() {
  local dir=$1 body=$2
  mkdir -p "$dir/nginx-tmp"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path $dir/nginx-tmp/body;
  proxy_temp_path $dir/nginx-tmp/proxy;
  fastcgi_temp_path $dir/nginx-tmp/fastcgi;
  uwsgi_temp_path $dir/nginx-tmp/uwsgi;
  scgi_temp_path $dir/nginx-tmp/scgi;
$body
}
CONF
  nginx -q -c "$dir/nginx.conf" -p "$dir" -g "user root;"
  wait_file "$dir/nginx.pid"
}

# start_squid DIR CONF_BODY PORT...: runs squid -N in the background with CONF_BODY plus
# pid/log settings; waits for every PORT.
start_squid() {
  local dir=$1 body=$2
  shift 2
  chmod 0777 "$dir"
  cat >"$dir/squid.conf" <<CONF
pid_filename $dir/squid.pid
cache_log $dir/squid-cache.log
access_log $dir/squid-access.log
cache deny all
shutdown_lifetime 1 seconds
coredump_dir $dir
$body
CONF
  (squid -N -f "$dir/squid.conf" >"$dir/squid.out" 2>&1 &)
  local port
  for port in "$@"; do wait_tcp "$port"; done
  wait_file "$dir/squid.pid"
}

# start_dnsmasq DIR PORT CONF_BODY: an authoritative-only dnsmasq on 127.0.0.1:PORT.
start_dnsmasq() {
  local dir=$1 port=$2 body=$3
  cat >"$dir/dnsmasq.conf" <<CONF
port=$port
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
no-poll
pid-file=$dir/dnsmasq.pid
log-facility=$dir/dnsmasq.log
$body
CONF
  dnsmasq --conf-file="$dir/dnsmasq.conf" --user=root
  wait_file "$dir/dnsmasq.pid"
}
