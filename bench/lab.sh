#!/usr/bin/env bash
# The benchmark's loopback lab (sourced by bench/run.sh, never by a test): a test PKI made with
# `openssl ca` (root -> issuing CA -> one wildcard leaf whose SANs cover every benchmark name),
# nginx serving the TLS origin (the *.mtls.* names ask for a client certificate), the CRLs and,
# through a proxy_pass, an `openssl ocsp` responder; two dnsmasq instances answering every
# name under bench.test: one with LAB_ADDR (the origin itself, D = 0) and one with SLOW_ADDR,
# where bench/bench.py's relay adds D ms to each connection setup and response. It runs inside
# the network namespace bench/run.sh creates: the two addresses (198.18.0.0/15, the benchmark
# range, which pinprobe does not judge a sinkhole or private as it does loopback) exist only
# on that namespace's loopback interface.
# lab_up STATE_DIR writes STATE_DIR/lab.env; lab_down STATE_DIR stops what lab_up started.
bench_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$bench_here/../tests/integration/lib/common.sh"
: "${LAB_ADDR:=198.18.0.1}" "${SLOW_ADDR:=198.18.0.2}"

# The wildcards of the default-shaped plan (bench.py writes its domains.yaml with the same
# groups) plus *.bench.test for the N-name plans.
bench_wildcards=(
  bench.test okta.bench.test mtls.okta.bench.test oktapreview.bench.test
  mtls.oktapreview.bench.test oktacdn.bench.test okta-emea.bench.test mtls.okta-emea.bench.test
  kerberos.okta.bench.test kerberos.okta-emea.bench.test kerberos.oktapreview.bench.test
  okta-gov.bench.test mtls.okta-gov.bench.test okta-mil.bench.test mtls.okta-mil.bench.test
  mapbox.bench.test
)

# ca_config DIR NAME CERT KEY: an `openssl ca` configuration for one CA level.
ca_config() {
  local dir=$1 name=$2
  mkdir -p "$dir/$name/newcerts"
  : >"$dir/$name/index.txt"
  echo 1000 >"$dir/$name/serial"
  echo 1000 >"$dir/$name/crlnumber"
  cat >"$dir/$name.cnf" <<CNF
[ ca ]
default_ca = this
[ this ]
dir = $dir/$name
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
crlnumber = \$dir/crlnumber
certificate = $3
private_key = $4
default_md = sha256
default_days = 30
default_crl_days = 7
policy = policy_any
unique_subject = no
copy_extensions = none
crl_extensions = crl_ext
[ policy_any ]
commonName = supplied
organizationName = optional
[ crl_ext ]
authorityKeyIdentifier = keyid:always
CNF
}

# issue DIR CA NAME SUBJECT EXTENSIONS: a P-256 key and a certificate issued by `openssl ca`.
issue() {
  local dir=$1 ca=$2 name=$3
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/$name.key" \
    -out "$dir/$name.csr" -subj "$4" 2>/dev/null
  printf '%s\n' "$5" >"$dir/$name.ext"
  openssl ca -batch -notext -config "$dir/$ca.cnf" -in "$dir/$name.csr" -out "$dir/$name.pem" \
    -extfile "$dir/$name.ext" 2>/dev/null
}

# gencrl DIR CA OUT: the CA's current CRL, DER.
gencrl() {
  openssl ca -config "$1/$2.cnf" -gencrl -out "$1/$2.crl.pem" 2>/dev/null
  openssl crl -in "$1/$2.crl.pem" -outform der -out "$3"
}

lab_pki() {
  local pki=$1 web=$2 ocsp_front=$3
  gen_ca "$pki" root "Pinprobe Bench Root"
  ca_config "$pki" rootca "$pki/root.pem" "$pki/root.key"
  issue "$pki" rootca issuing "/O=pinprobe tests/CN=Pinprobe Bench Issuing CA" \
    "basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
crlDistributionPoints=URI:http://crl.bench.test:$web/root.crl"
  ca_config "$pki" issuingca "$pki/issuing.pem" "$pki/issuing.key"
  local san="" w
  for w in "${bench_wildcards[@]}"; do san+="${san:+,}DNS:*.$w"; done
  issue "$pki" issuingca leaf "/CN=*.bench.test" "subjectAltName=$san
extendedKeyUsage=serverAuth
basicConstraints=CA:FALSE
crlDistributionPoints=URI:http://crl.bench.test:$web/issuing.crl
authorityInfoAccess=OCSP;URI:http://ocsp.bench.test:$ocsp_front/"
  issue "$pki" issuingca responder "/CN=Pinprobe Bench OCSP Responder" \
    "extendedKeyUsage=OCSPSigning
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature"
  cat "$pki/leaf.pem" "$pki/issuing.pem" >"$pki/leaf-chain.pem"
  cp "$pki/root.pem" "$pki/ca-bundle.pem"
}

# lab_up STATE_DIR: the PKI, nginx, openssl ocsp and both dnsmasq; ports in STATE_DIR/lab.env.
lab_up() {
  local state=$1
  rm -rf "$state"
  mkdir -p "$state/pki" "$state/www" "$state/nginx-tmp" "$state/pins"
  local ngx web ocsp_front ocsp dns0 dns50
  ngx=$(free_port tcp "$LAB_ADDR")
  web=$(free_port tcp "$LAB_ADDR")
  ocsp_front=$(free_port tcp "$LAB_ADDR")
  ocsp=$(free_port tcp)
  dns0=$(free_port udp)
  dns50=$(free_port udp)
  lab_pki "$state/pki" "$web" "$ocsp_front"
  gencrl "$state/pki" rootca "$state/www/root.crl"
  gencrl "$state/pki" issuingca "$state/www/issuing.crl"
  # The static revocation URLs of the default-shaped plan (five, as in domains.yaml).
  local i
  for i in 1 2 3; do cp "$state/www/issuing.crl" "$state/www/static$i.crl"; done
  write_lab_pinset "$state/pins" "$state/pki/root.pem" "Pinprobe Bench Root" "bench lab root"

  local pki=$state/pki
  cat >"$state/nginx.conf" <<CONF
worker_processes 2;
worker_rlimit_nofile 16384;
pid $state/nginx.pid;
error_log $state/nginx-error.log error;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path $state/nginx-tmp/body;
  proxy_temp_path $state/nginx-tmp/proxy;
  fastcgi_temp_path $state/nginx-tmp/fastcgi;
  uwsgi_temp_path $state/nginx-tmp/uwsgi;
  scgi_temp_path $state/nginx-tmp/scgi;
  ssl_certificate $pki/leaf-chain.pem;
  ssl_certificate_key $pki/leaf.key;
  server {
    listen $LAB_ADDR:$ngx ssl default_server;
    server_name _;
    location / { return 204; }
  }
  server {
    listen $LAB_ADDR:$ngx ssl;
    server_name ~^[^.]+\\.mtls\\.;
    ssl_verify_client optional_no_ca;
    location / { return 204; }
  }
  server {
    listen $LAB_ADDR:$web;
    server_name _;
    root $state/www;
    types { application/pkix-crl crl; }
  }
  server {
    listen $LAB_ADDR:$ocsp_front;
    server_name _;
    location / { proxy_pass http://127.0.0.1:$ocsp; }
  }
}
CONF
  nginx -q -c "$state/nginx.conf" -p "$state" -g "user root;"
  wait_file "$state/nginx.pid"

  # openssl ocsp binds every interface; only loopback talks to it (through nginx).
  (openssl ocsp -index "$pki/issuingca/index.txt" -port "$ocsp" -rsigner "$pki/responder.pem" \
    -rkey "$pki/responder.key" -CA "$pki/issuing.pem" -nmin 60 -ignore_err \
    >"$state/ocsp.log" 2>&1 & echo $! >"$state/ocsp.pid")
  for ((i = 0; i < 100; i++)); do
    grep -q 'waiting for OCSP client connections' "$state/ocsp.log" 2>/dev/null && break
    sleep 0.1
  done

  local d addr port
  for d in 0 50; do
    if [[ $d == 0 ]]; then addr=$LAB_ADDR port=$dns0; else addr=$SLOW_ADDR port=$dns50; fi
    cat >"$state/dnsmasq$d.conf" <<CONF
port=$port
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
no-poll
cache-size=10000
dns-forward-max=5000
pid-file=$state/dnsmasq$d.pid
log-facility=$state/dnsmasq$d.log
local=/bench.test/
address=/bench.test/$addr
CONF
    dnsmasq --conf-file="$state/dnsmasq$d.conf" --user=root
    wait_file "$state/dnsmasq$d.pid"
  done
  wait_tcp "$ngx" "$LAB_ADDR"
  wait_tcp "$web" "$LAB_ADDR"
  cat >"$state/lab.env" <<ENV
LAB_ADDR=$LAB_ADDR
SLOW_ADDR=$SLOW_ADDR
NGX=$ngx
WEB=$web
OCSP_FRONT=$ocsp_front
OCSP=$ocsp
DNS0=$dns0
DNS50=$dns50
ENV
}

lab_down() {
  local state=$1 f
  for f in "$state"/nginx.pid "$state"/ocsp.pid "$state"/dnsmasq0.pid "$state"/dnsmasq50.pid; do
    stop_pid_file "$f"
  done
}
