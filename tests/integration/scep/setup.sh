#!/usr/bin/env bash
# Fixture setup for the `pinprobe scep` integration tests: a test SCEP PKI (root CA, RA,
# an intermediate, an unrelated root) and a TLS chain, all generated now, and nginx on
# loopback answering RFC 8894 GetCACaps / GetCACert under Okta-shaped paths
# (/pki/<40 hex>/scep/<token>, with or without /pkiclient.exe) over HTTP and HTTPS; squid as
# an explicit proxy and dnsmasq answering scep.pinprobe.test, both on loopback.
# The token picks the answer:
#   ca-der      strong caps, GetCACert = the CA as one DER certificate (application/x-x509-ca-cert)
#   ca-ra       weak caps (no SHA-256, no AES), GetCACert = degenerate PKCS#7 with CA + RA
#               (application/x-x509-ca-ra-cert)
#   html        GetCACert = an HTML page (200 text/html), what a captive portal or proxy sends
#   garbage     GetCACert = random bytes labelled application/x-x509-ca-cert
#   missing     GetCACert = 404
# Usage: setup.sh STATE_DIR. Writes STATE_DIR/state.env.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
source "$here/../lib/servers.sh"
need nginx openssl python3 squid dnsmasq

state=$1
rm -rf "$state"
mkdir -p "$state/pki" "$state/www"
pki=$state/pki
www=$state/www

# The SCEP CA and what an MDM profile might hold instead of it.
gen_ca "$pki" ca "Pinprobe SCEP Root CA"
gen_intermediate "$pki" issuing "Pinprobe SCEP Issuing CA" ca
gen_ca "$pki" other "Pinprobe Unrelated Root"
# The RA: an end-entity certificate of the CA that signs SCEP messages (RFC 8894 §2.1).
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pki/ra.key" \
  -out "$pki/ra.csr" -subj "/O=pinprobe tests/CN=Pinprobe SCEP RA" 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n' \
  >"$pki/ra.ext"
openssl x509 -req -in "$pki/ra.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" -CAcreateserial \
  -days 30 -extfile "$pki/ra.ext" -out "$pki/ra.pem" 2>/dev/null
# The trusted-CA file in every form an MDM admin uploads: PEM, DER (.cer), bare base64.
openssl x509 -in "$pki/ca.pem" -outform DER -out "$pki/ca.cer"
openssl base64 -in "$pki/ca.cer" -out "$pki/ca.b64"
printf 'this is not a certificate\n' >"$pki/not-a-cert.pem"

# The HTTPS vhost's own chain (a separate test root, passed as --ca-file).
gen_ca "$pki" tlsroot "Pinprobe SCEP TLS Root"
gen_leaf "$pki" tls tlsroot scep.pinprobe.test
# gen_leaf has no IP SAN; add a leaf for 127.0.0.1 too so the literal URL verifies.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pki/tlsip.key" \
  -out "$pki/tlsip.csr" -subj "/CN=127.0.0.1" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' \
  >"$pki/tlsip.ext"
openssl x509 -req -in "$pki/tlsip.csr" -CA "$pki/tlsroot.pem" -CAkey "$pki/tlsroot.key" \
  -CAcreateserial -days 30 -extfile "$pki/tlsip.ext" -out "$pki/tlsip.pem" 2>/dev/null
cat "$pki/tlsip.pem" "$pki/tlsroot.pem" >"$pki/tlsip-chain.pem"

# The answers, one directory per token; the file name is the operation.
strong=$'POSTPKIOperation\r\nRenewal\r\nSHA-256\r\nSHA-1\r\nAES\r\nDES3\r\nSCEPStandard\r\n'
weak=$'POSTPKIOperation\nSHA-1\nDES3\n'
mkdir -p "$www/ca-der" "$www/ca-ra" "$www/html" "$www/garbage" "$www/missing"
printf '%s' "$strong" >"$www/ca-der/GetCACaps"
cp "$pki/ca.cer" "$www/ca-der/GetCACert"
printf '%s' "$weak" >"$www/ca-ra/GetCACaps"
openssl crl2pkcs7 -nocrl -certfile "$pki/ca.pem" -certfile "$pki/ra.pem" -outform DER \
  -out "$www/ca-ra/GetCACert"
printf '%s' "$strong" >"$www/html/GetCACaps"
printf '<html><body><h1>Access denied</h1>by policy</body></html>\n' >"$www/html/GetCACert"
printf '%s' "$strong" >"$www/garbage/GetCACaps"
# A DER SEQUENCE header that promises 1280 bytes, then text: deterministic, not a certificate.
printf '\x30\x82\x05\x00not a certificate at all\n' >"$www/garbage/GetCACert"
printf '%s' "$strong" >"$www/missing/GetCACaps"

http=$(free_port tcp)
https=$(free_port tcp)
hold_closed_port "$state"

# Okta's shape: /pki/<40 hex>/scep/<token>, Windows appends /pkiclient.exe. The token and
# ?operation= choose the file; anything else is 404.
scep_locations() {
  cat <<'CONF'
    types { }
    location ~ "^/pki/[0-9a-f]{40}/scep/(?<token>[a-z-]+)(/pkiclient\.exe)?$" {
      if ($arg_operation !~ "^GetCA(Caps|Cert)$") { return 404; }
      rewrite ^ /$token/$arg_operation last;
    }
    location ~ "^/[a-z-]+/GetCACaps$" { internal; default_type text/plain; }
    location ~ "^/(ca-der|garbage)/GetCACert$" { internal; default_type application/x-x509-ca-cert; }
    location ~ "^/ca-ra/GetCACert$" { internal; default_type application/x-x509-ca-ra-cert; }
    location ~ "^/html/GetCACert$" { internal; default_type text/html; }
    location / { return 404; }
CONF
}
start_nginx "$state" "
  server {
    listen 127.0.0.1:$http;
    server_name _;
    root $www;
$(scep_locations)
  }
  server {
    listen 127.0.0.1:$https ssl default_server;
    server_name 127.0.0.1;
    ssl_certificate $pki/tlsip-chain.pem;
    ssl_certificate_key $pki/tlsip.key;
    root $www;
$(scep_locations)
  }
  server {
    listen 127.0.0.1:$https ssl;
    server_name scep.pinprobe.test;
    ssl_certificate $pki/tls-chain.pem;
    ssl_certificate_key $pki/tls.key;
    root $www;
$(scep_locations)
  }"
wait_tcp "$http"
wait_tcp "$https"

dns=$(free_port udp)
start_dnsmasq "$state" "$dns" "local=/pinprobe.test/
host-record=scep.pinprobe.test,127.0.0.1
log-queries"

proxy=$(free_port tcp)
printf '127.0.0.1 scep.pinprobe.test\n' >"$state/squid-hosts"
chmod 0644 "$state/squid-hosts"
start_squid "$state" "http_port 127.0.0.1:$proxy
hosts_file $state/squid-hosts
strip_query_terms off
http_access allow localhost
http_access deny all" "$proxy"

cat >"$state/state.env" <<ENV
DNS=$dns
PROXY=$proxy
HTTP=$http
HTTPS=$https
CLOSED=$closed
ENV
echo "scep fixtures up: $(tr '\n' ' ' <"$state/state.env")"
