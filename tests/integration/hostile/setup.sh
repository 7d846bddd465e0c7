#!/usr/bin/env bash
# Fixture setup for the hostile-server tests (issue 14 item 6): the fault server's http-hostile
# (CRL, OCSP and caIssuers URLs and a proxy that answer with endless headers, lying lengths,
# 1 GiB bodies, redirect loops and bad schemes, escapes and invalid UTF-8), udp-hostile (a DNS
# server answering 500 records, truncated and malformed packets, compression loops) and
# tls-drip listeners; nginx presenting the certificates of make_pki.py (a 100-certificate
# chain, a 64 KiB subject, 10,000 SANs, hostile names) by SNI on one port, and the issuing CA's
# CRL over plain HTTP on another. Usage: setup.sh STATE_DIR FAULT_SERVER. Writes
# STATE_DIR/state.env.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
source "$here/../lib/servers.sh"
need nginx openssl python3 xmllint promtool /usr/bin/time

state=$1
fault=$2
rm -rf "$state"
mkdir -p "$state/pki" "$state/pins"
pki=$state/pki

# make_pki.py needs python3-cryptography: the Debian package serves /usr/bin/python3.
py=python3
python3 -c 'import cryptography' 2>/dev/null || py=/usr/bin/python3
if ! "$py" -c 'import cryptography' 2>/dev/null; then
  echo "python3-cryptography is not installed" >&2
  [[ ${CI:-} == true ]] && exit 1
  exit "$PROBE_SKIP"
fi

for mode in http-hostile udp-hostile tls-drip; do
  "$fault" "$mode" "$state/$mode.port" >"$state/$mode.log" 2>&1 &
  echo $! >"$state/$mode.pid"
done
for mode in http-hostile udp-hostile tls-drip; do wait_file "$state/$mode.port"; done
http=$(cat "$state/http-hostile.port")
dns=$(cat "$state/udp-hostile.port")
tls_drip=$(cat "$state/tls-drip.port")
tls=$(free_port tcp)
crl=$(free_port tcp)

"$py" "$here/make_pki.py" "$pki" "$http" "$crl"
for chain in "$pki"/*-chain.pem; do
  cat "$chain" "$pki/issuing.pem" >"$pki/untrusted.pem"
  openssl verify -CAfile "$pki/root.pem" -untrusted "$pki/untrusted.pem" "$chain" >/dev/null ||
    { echo "the fixture chain $chain does not verify" >&2; exit 1; }
done
write_lab_pinset "$state/pins" "$pki/root.pem" "Pinprobe Hostile Root" "hostile test root"

servers=""
for chain in "$pki"/*-chain.pem; do
  name=$(basename "$chain" -chain.pem)
  [[ $name == dns ]] && continue
  servers+="
  server {
    listen 127.0.0.1:$tls ssl;
    server_name $name.hostile.test;
    ssl_certificate $chain;
    ssl_certificate_key $pki/$name.key;
    return 200 '$name';
  }"
done
start_nginx "$state" "
  large_client_header_buffers 4 64k;
  server {
    listen 127.0.0.1:$tls ssl default_server;
    ssl_certificate $pki/dns-chain.pem;
    ssl_certificate_key $pki/dns.key;
    return 200 'dns';
  }
  $servers
  server {
    listen 127.0.0.1:$crl;
    root $pki/crl;
    types { application/pkix-crl crl; }
  }"
wait_tcp "$tls"
wait_tcp "$crl"

cat >"$state/state.env" <<ENV
http=$http
dns=$dns
tls_drip=$tls_drip
tls=$tls
crl=$crl
ENV
echo "hostile fixtures up: http=$http dns=$dns tls-drip=$tls_drip tls=$tls crl=$crl"
