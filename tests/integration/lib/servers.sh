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

# squid-openssl's certificate generator, which ssl-bump needs.
readonly squid_certgen=/usr/lib/squid/security_file_certgen

# need_bump_squid: squid-openssl is installed (a missing one skips locally, fails under CI).
need_bump_squid() {
  need squid
  [[ -x $squid_certgen ]] && return 0
  if [[ ${CI:-} == true ]]; then
    echo "missing prerequisite: $squid_certgen (squid-openssl)" >&2
    exit 1
  fi
  echo "skipping: $squid_certgen is not installed (squid-openssl)" >&2
  exit "$PROBE_SKIP"
}

# start_bump_squid DIR PKI PLAIN BUMP HOST...: squid with a plain CONNECT tunnel on PLAIN and
# an ssl-bump port on BUMP (peek at the SNI, stare at the origin's certificate, bump: the client
# gets a mimicked leaf signed by PKI/inspect-bundle.pem). squid verifies the origin against
# PKI/root.pem and resolves each HOST to 127.0.0.1.
start_bump_squid() {
  local dir=$1 pki=$2 plain=$3 bump=$4
  shift 4
  "$squid_certgen" -c -s "$dir/ssl_db" -M 4MB >"$dir/certgen.log" 2>&1
  chmod -R 0777 "$dir/ssl_db"
  printf '127.0.0.1 %s\n' "$@" >"$dir/squid-hosts"
  chmod 0644 "$dir/squid-hosts"
  start_squid "$dir" "http_port 127.0.0.1:$plain name=plain
http_port 127.0.0.1:$bump name=bump ssl-bump tls-cert=$pki/inspect-bundle.pem generate-host-certificates=on dynamic_cert_mem_cache_size=4MB
sslcrtd_program $squid_certgen -s $dir/ssl_db -M 4MB
sslcrtd_children 2 startup=1 idle=1
tls_outgoing_options cafile=$pki/root.pem
hosts_file $dir/squid-hosts
acl step1 at_step SslBump1
ssl_bump peek step1
ssl_bump stare all
ssl_bump bump all
http_access allow localhost
http_access deny all" "$plain" "$bump"
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
