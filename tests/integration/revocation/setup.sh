#!/usr/bin/env bash
# Fixture setup for the revocation integration tests (issue 5): a test PKI run with `openssl ca`
# (root -> issuing CA -> leaves citing CRL / OCSP URLs on crl.pinprobe.test and
# ocsp.pinprobe.test), nginx serving the TLS origin and the CRLs (good, revoked, stale, wrong
# signer, garbage, a proxy's 403 page), an `openssl ocsp` responder with a delegated responder
# certificate, dnsmasq for the names and squid as a plain forward proxy.
# Usage: setup.sh STATE_DIR. Writes STATE_DIR/state.env.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
source "$here/../lib/servers.sh"
need nginx squid dnsmasq openssl python3

state=$1
rm -rf "$state"
mkdir -p "$state/pki/ca/newcerts" "$state/www" "$state/fan"
pki=$state/pki

ngx=$(free_port tcp)
web=$(free_port tcp)
fan=$(free_port tcp)
ocsp=$(free_port tcp)
dns=$(free_port udp)
squid_port=$(free_port tcp)
hold_closed_port "$state"

crl=http://crl.pinprobe.test:$web
# --- PKI -------------------------------------------------------------------------------------
gen_ca "$pki" root "Pinprobe Revocation Root"
gen_intermediate "$pki" issuing "Pinprobe Revocation Issuing CA" root
# Same name as the issuing CA, another key: what signs the "wrong key" CRL.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
  -keyout "$pki/impostor.key" -out "$pki/impostor.pem" \
  -subj "/O=pinprobe tests/CN=Pinprobe Revocation Issuing CA" 2>/dev/null

: >"$pki/ca/index.txt"
echo 1000 >"$pki/ca/serial"
echo 1000 >"$pki/ca/crlnumber"
cat >"$pki/ca.cnf" <<CNF
[ ca ]
default_ca = issuing
[ issuing ]
dir = $pki/ca
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
crlnumber = \$dir/crlnumber
certificate = $pki/issuing.pem
private_key = $pki/issuing.key
default_md = sha256
default_days = 30
default_crl_days = 7
policy = policy_any
unique_subject = no
copy_extensions = none
crl_extensions = crl_ext
[ policy_any ]
commonName = supplied
[ crl_ext ]
authorityKeyIdentifier = keyid:always
CNF

# leaf NAME HOST EXTENSIONS: a server certificate issued with `openssl ca` (in index.txt).
leaf() {
  local name=$1 host=$2 ext=$3
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pki/$name.key" \
    -out "$pki/$name.csr" -subj "/CN=$host" 2>/dev/null
  printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n%s\n' \
    "$host" "$ext" >"$pki/$name.ext"
  openssl ca -batch -notext -config "$pki/ca.cnf" -in "$pki/$name.csr" -out "$pki/$name.pem" \
    -extfile "$pki/$name.ext" 2>/dev/null
  cat "$pki/$name.pem" "$pki/issuing.pem" >"$pki/$name-chain.pem"
}
cdp() { echo "crlDistributionPoints=URI:$1"; }
aia() { echo "authorityInfoAccess=OCSP;URI:http://ocsp.pinprobe.test:$ocsp"; }

leaf crlgood crlgood.pinprobe.test "$(cdp "$crl/good.crl")"
leaf crlrevoked crlrevoked.pinprobe.test "$(cdp "$crl/revoked.crl")"
leaf crlstale crlstale.pinprobe.test "$(cdp "$crl/stale.crl")"
leaf crlbadsig crlbadsig.pinprobe.test "$(cdp "$crl/badsig.crl")"
leaf crlgarbage crlgarbage.pinprobe.test "$(cdp "$crl/garbage.crl")"
leaf crlblocked crlblocked.pinprobe.test "$(cdp "$crl/blocked.crl")"
leaf crlrefused crlrefused.pinprobe.test "$(cdp "http://crl.pinprobe.test:$closed/refused.crl")"
leaf crlnxdomain crlnxdomain.pinprobe.test "$(cdp "http://crl-gone.pinprobe.test:$web/gone.crl")"
leaf ocspgood ocspgood.pinprobe.test "$(aia)"
leaf ocsprevoked ocsprevoked.pinprobe.test "$(aia)"
leaf fan '*.fan.pinprobe.test' "$(cdp "http://crl.pinprobe.test:$fan/fan.crl")"

# Not in index.txt (issued outside `openssl ca`): the responder answers "unknown".
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pki/ocspunknown.key" \
  -out "$pki/ocspunknown.csr" -subj "/CN=ocspunknown.pinprobe.test" 2>/dev/null
printf 'subjectAltName=DNS:ocspunknown.pinprobe.test\nextendedKeyUsage=serverAuth\n%s\n' "$(aia)" \
  >"$pki/ocspunknown.ext"
openssl x509 -req -in "$pki/ocspunknown.csr" -CA "$pki/issuing.pem" -CAkey "$pki/issuing.key" \
  -set_serial 0x7E57 -days 30 -extfile "$pki/ocspunknown.ext" -out "$pki/ocspunknown.pem" 2>/dev/null
cat "$pki/ocspunknown.pem" "$pki/issuing.pem" >"$pki/ocspunknown-chain.pem"

# The delegated OCSP responder (id-kp-OCSPSigning), issued by the issuing CA.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pki/responder.key" \
  -out "$pki/responder.csr" -subj "/CN=Pinprobe Revocation OCSP Responder" 2>/dev/null
printf 'extendedKeyUsage=OCSPSigning\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n' \
  >"$pki/responder.ext"
openssl ca -batch -notext -config "$pki/ca.cnf" -in "$pki/responder.csr" -out "$pki/responder.pem" \
  -extfile "$pki/responder.ext" 2>/dev/null

openssl ca -config "$pki/ca.cnf" -revoke "$pki/crlrevoked.pem" -crl_reason keyCompromise 2>/dev/null
openssl ca -config "$pki/ca.cnf" -revoke "$pki/ocsprevoked.pem" -crl_reason keyCompromise 2>/dev/null

# gencrl OUT.crl [ARGS...]: a DER CRL of the current index.txt.
gencrl() {
  local out=$1
  shift
  openssl ca -config "$pki/ca.cnf" -gencrl -out "$pki/tmp.crl" "$@" 2>/dev/null
  openssl crl -in "$pki/tmp.crl" -outform der -out "$out"
}
www=$state/www
gencrl "$www/good.crl"
cp "$www/good.crl" "$www/revoked.crl"  # the same current CRL: it lists crlrevoked, not crlgood
gencrl "$www/stale.crl" -crl_lastupdate "$(date -u -d '-3 hours' +%Y%m%d%H%M%SZ)" \
  -crl_nextupdate "$(date -u -d '-1 hour' +%Y%m%d%H%M%SZ)"
gencrl "$www/badsig.crl" -cert "$pki/impostor.pem" -keyfile "$pki/impostor.key"
head -c 700 /dev/urandom >"$www/garbage.crl"
gencrl "$state/fan/fan.crl"

# --- servers ---------------------------------------------------------------------------------
vhost() {  # vhost NAME CERT
  cat <<CONF
  server {
    listen 127.0.0.1:$ngx ssl;
    server_name $1;
    ssl_certificate $pki/$2-chain.pem;
    ssl_certificate_key $pki/$2.key;
    location / { return 204; }
  }
CONF
}
vhosts=""
for name in crlgood crlrevoked crlstale crlbadsig crlgarbage crlblocked crlrefused crlnxdomain \
  ocspgood ocsprevoked ocspunknown; do
  vhosts+=$(vhost "$name.pinprobe.test" "$name")$'\n'
done
start_nginx "$state" "$vhosts
$(vhost '*.fan.pinprobe.test' fan)
  server {
    listen 127.0.0.1:$web;
    server_name _;
    root $www;
    types { application/pkix-crl crl; }
    location = /blocked.crl {
      add_header Via \"1.1 webgw.corp.example (McAfee Web Gateway 11.2)\" always;
      types { }
      default_type text/html;
      return 403 '<html><body><h1>Blocked by policy</h1>Category: uncategorized</body></html>';
    }
  }
  server {
    listen 127.0.0.1:$fan;
    server_name _;
    root $state/fan;
    access_log $state/fan-access.log;
    types { application/pkix-crl crl; }
  }"
wait_tcp "$ngx"
wait_tcp "$web"
wait_tcp "$fan"

records=""
for name in crl ocsp crlgood crlrevoked crlstale crlbadsig crlgarbage crlblocked crlrefused \
  crlnxdomain ocspgood ocsprevoked ocspunknown; do
  records+="host-record=$name.pinprobe.test,127.0.0.1"$'\n'
done
for ((i = 1; i <= 20; i++)); do
  records+="host-record=$(printf 'h%02d' "$i").fan.pinprobe.test,127.0.0.1"$'\n'
done
# crl-gone.pinprobe.test has no record: NXDOMAIN under local=/pinprobe.test/.
start_dnsmasq "$state" "$dns" "local=/pinprobe.test/
$records"

printf '127.0.0.1 crl.pinprobe.test ocsp.pinprobe.test crlgood.pinprobe.test ocspgood.pinprobe.test\n' \
  >"$state/squid-hosts"
chmod 0644 "$state/squid-hosts"
start_squid "$state" "http_port 127.0.0.1:$squid_port
hosts_file $state/squid-hosts
http_access allow localhost
http_access deny all" "$squid_port"

# The OCSP responder (openssl ocsp binds every interface; only loopback talks to it). Not
# probed with wait_tcp: OpenSSL 3.0's responder spins on a connection closed without a request.
(openssl ocsp -index "$pki/ca/index.txt" -port "$ocsp" -rsigner "$pki/responder.pem" \
  -rkey "$pki/responder.key" -CA "$pki/issuing.pem" -nmin 5 -ignore_err \
  >"$state/ocsp.log" 2>&1 & echo $! >"$state/ocsp.pid")
for ((i = 0; i < 100; i++)); do
  grep -q 'waiting for OCSP client connections' "$state/ocsp.log" 2>/dev/null && break
  sleep 0.1
done
grep -q 'waiting for OCSP client connections' "$state/ocsp.log" || {
  echo "the OCSP responder did not start: $(cat "$state/ocsp.log")" >&2
  exit 1
}

cat >"$state/state.env" <<ENV
NGX=$ngx
WEB=$web
FAN=$fan
OCSP=$ocsp
DNS=$dns
SQUID=$squid_port
CLOSED=$closed
ENV
echo "revocation fixtures up: $(tr '\n' ' ' <"$state/state.env")"
