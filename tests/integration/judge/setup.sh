#!/usr/bin/env bash
# Fixture setup for the chain-judge integration tests (issue 4): a test PKI with genuine,
# expired, not-yet-valid, wrong-host, self-signed, leaf-only and other-public-CA chains, nginx
# serving each on its own SNI name (plus a plain-HTTP caIssuers server), and squid twice: a
# plain CONNECT tunnel and an ssl-bump (TLS inspection) port re-signing with a test inspection
# CA. Usage: setup.sh STATE_DIR. Writes STATE_DIR/state.env.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
source "$here/../lib/servers.sh"
need nginx squid openssl python3
need_bump_squid

state=$1
rm -rf "$state"
mkdir -p "$state/pki" "$state/web"
pki=$state/pki

ngx=$(free_port tcp)
web=$(free_port tcp)
sq_plain=$(free_port tcp)
sq_bump=$(free_port tcp)
hold_closed_port "$state"

# stamp DAYS: an `openssl ca` date DAYS from now (negative: in the past).
stamp() { date -u -d "$1 days" +%Y%m%d%H%M%SZ; }

# sign_dated NAME ISSUER START END EXTRA_EXT DNS: a leaf with explicit dates (`openssl x509
# -req` of OpenSSL 3.0 cannot set them), signed by ISSUER with a minimal `openssl ca`.
sign_dated() {
  local name=$1 issuer=$2 start=$3 end=$4 extra=$5 dns=$6 ca=$pki/ca-$1
  mkdir -p "$ca/new"
  : >"$ca/index.txt"
  printf '%s\n' "$(openssl rand -hex 8)" >"$ca/serial"
  cat >"$ca/ca.cnf" <<CNF
[ca]
default_ca = d
[d]
database = $ca/index.txt
new_certs_dir = $ca/new
serial = $ca/serial
default_md = sha256
policy = p
unique_subject = no
email_in_dn = no
[p]
commonName = supplied
CNF
  printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n%s' \
    "$dns" "$extra" >"$pki/$name.ext"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pki/$name.key" \
    -out "$pki/$name.csr" -subj "/CN=$dns" 2>/dev/null
  openssl ca -batch -notext -config "$ca/ca.cnf" -cert "$pki/$issuer.pem" \
    -keyfile "$pki/$issuer.key" -in "$pki/$name.csr" -out "$pki/$name.pem" \
    -startdate "$start" -enddate "$end" -extfile "$pki/$name.ext" 2>"$ca/log" ||
    { cat "$ca/log" >&2; exit 1; }
  cat "$pki/$name.pem" "$pki/$issuer.pem" >"$pki/$name-chain.pem"
}

# The vendor's PKI (what the lab pinset pins: the root).
gen_ca "$pki" root "Pinprobe Test Root"
gen_intermediate "$pki" issuing "Pinprobe Test Issuing CA" root
gen_leaf "$pki" ok issuing ok.pinprobe.test
gen_leaf "$pki" wronghost issuing other.pinprobe.test
gen_leaf "$pki" mtls issuing mtls.pinprobe.test
sign_dated expired issuing "$(stamp -60)" "$(stamp -30)" "" expired.pinprobe.test
sign_dated future issuing "$(stamp 10)" "$(stamp 40)" "" future.pinprobe.test
sign_dated soon issuing "$(stamp -20)" "$(stamp 5)" "" soon.pinprobe.test
# Leaf-only servers: the intermediate is left out; its caIssuers URL serves it (or nothing).
sign_dated aia issuing "$(stamp -1)" "$(stamp 30)" \
  "authorityInfoAccess=caIssuers;URI:http://127.0.0.1:$web/issuing.crt" aia.pinprobe.test
sign_dated noaia issuing "$(stamp -1)" "$(stamp 30)" \
  "authorityInfoAccess=caIssuers;URI:http://127.0.0.1:$closed/issuing.crt" noaia.pinprobe.test
openssl x509 -in "$pki/issuing.pem" -outform der -out "$state/web/issuing.crt"
# A self-signed leaf (what a crude man-in-the-middle presents).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -keyout "$pki/selfsigned.key" -out "$pki/selfsigned.pem" -subj "/CN=selfsigned.pinprobe.test" \
  -addext subjectAltName=DNS:selfsigned.pinprobe.test -addext basicConstraints=CA:FALSE \
  2>/dev/null
cp "$pki/selfsigned.pem" "$pki/selfsigned-chain.pem"
# A weak leaf (CERT_WEAK beside TLS_OK): an RSA-1024 key, signed by the genuine issuing CA with
# SHA-1. nginx loads it only at OpenSSL security level 0 (nginx_openssl.cnf below).
openssl req -new -newkey rsa:1024 -nodes -keyout "$pki/weak.key" -out "$pki/weak.csr" \
  -subj "/CN=weak.pinprobe.test" 2>/dev/null
printf 'subjectAltName=DNS:weak.pinprobe.test\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' \
  >"$pki/weak.ext"
openssl x509 -req -in "$pki/weak.csr" -CA "$pki/issuing.pem" -CAkey "$pki/issuing.key" \
  -CAcreateserial -days 30 -sha1 -extfile "$pki/weak.ext" -out "$pki/weak.pem" 2>/dev/null
cat "$pki/weak.pem" "$pki/issuing.pem" >"$pki/weak-chain.pem"
# Another "public" CA: trusted by the test public-root set (--public-roots), not pinned.
gen_ca "$pki" otherroot "Pinprobe Other Public Root"
gen_intermediate "$pki" otherissuing "Pinprobe Other Public Issuing CA" otherroot
gen_leaf "$pki" public otherissuing public.pinprobe.test
# The TLS inspection CA squid re-signs with, and the mTLS client CA.
gen_ca "$pki" inspect "Pinprobe Inspection CA"
cat "$pki/inspect.pem" "$pki/inspect.key" >"$pki/inspect-bundle.pem"
gen_ca "$pki" clientca "Pinprobe Test Client CA"
chmod 0644 "$pki"/*.key "$pki"/*.pem

vhost() {  # vhost NAME CERT [EXTRA]: the chain file CERT-chain.pem with key CERT.key
  cat <<CONF
  server {
    listen 127.0.0.1:$ngx ssl;
    server_name $1;
    ssl_certificate $pki/$2-chain.pem;
    ssl_certificate_key $pki/$2.key;
    ${3:-}
    location / { return 204; }
  }
CONF
}
# Security level 0 for nginx only (Debian's default, 2, refuses to load the weak leaf); the
# client side stays pinprobe's own.
cat >"$state/nginx_openssl.cnf" <<'CNF'
openssl_conf = init
[init]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
CipherString = DEFAULT@SECLEVEL=0
CNF
OPENSSL_CONF=$state/nginx_openssl.cnf start_nginx "$state" "$(vhost ok.pinprobe.test ok)
$(vhost weak.pinprobe.test weak)
$(vhost expired.pinprobe.test expired)
$(vhost future.pinprobe.test future)
$(vhost soon.pinprobe.test soon)
$(vhost wronghost.pinprobe.test wronghost)
$(vhost selfsigned.pinprobe.test selfsigned)
$(vhost public.pinprobe.test public)
$(vhost mtls.pinprobe.test mtls "ssl_verify_client optional; ssl_client_certificate $pki/clientca.pem;")
  server {
    listen 127.0.0.1:$ngx ssl;
    server_name aia.pinprobe.test;
    ssl_certificate $pki/aia.pem;
    ssl_certificate_key $pki/aia.key;
    location / { return 204; }
  }
  server {
    listen 127.0.0.1:$ngx ssl;
    server_name noaia.pinprobe.test;
    ssl_certificate $pki/noaia.pem;
    ssl_certificate_key $pki/noaia.key;
    location / { return 204; }
  }
  server {
    listen 127.0.0.1:$web;
    server_name _;
    root $state/web;
    types { application/pkix-cert crt; }
  }"
wait_tcp "$ngx"
wait_tcp "$web"

# squid: a plain CONNECT tunnel and an ssl-bump port (peek at the SNI, stare at the origin's
# certificate, bump: the client gets a mimicked leaf signed by the inspection CA). squid
# verifies the origin against the test root.
start_bump_squid "$state" "$pki" "$sq_plain" "$sq_bump" ok.pinprobe.test mtls.pinprobe.test

cat >"$state/state.env" <<ENV
NGX=$ngx
WEB=$web
SQ_PLAIN=$sq_plain
SQ_BUMP=$sq_bump
CLOSED=$closed
ENV
echo "judge fixtures up: $(tr '\n' ' ' <"$state/state.env")"
