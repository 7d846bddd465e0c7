#!/usr/bin/env bash
# Fixture setup for the deadline integration tests (issue 12): nginx HTTPS origins whose chains
# send the run into each phase that can hang (a leaf-only chain whose caIssuers URL accepts TCP
# and never answers; a chain whose CRL is dripped a byte a second), the fault server's silent
# and dripping listeners, a closed port, and dnsmasq answering a wildcard zone for the
# 2,000-name resolution test. Usage: setup.sh STATE_DIR FAULT_SERVER. Writes STATE_DIR/state.env.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
source "$here/../lib/servers.sh"
need nginx dnsmasq openssl python3

state=$1
fault=$2
rm -rf "$state"
mkdir -p "$state/pki" "$state/pins"
pki=$state/pki

p_aia=$(free_port tcp)
p_drip=$(free_port tcp)
p_ok=$(free_port tcp)
dns=$(free_port udp)
hold_closed_port "$state"

"$fault" tcp-silent "$state/silent.port" >"$state/silent.log" 2>&1 &
echo $! >"$state/silent.pid"
"$fault" http-drip "$state/drip.port" >"$state/drip.log" 2>&1 &
echo $! >"$state/drip.pid"
wait_file "$state/silent.port"
wait_file "$state/drip.port"
silent=$(cat "$state/silent.port")
drip=$(cat "$state/drip.port")

gen_ca "$pki" root "Pinprobe Deadline Root"
gen_intermediate "$pki" issuing "Pinprobe Deadline Issuing CA" root

# leaf NAME SAN EXTRA_EXTENSIONS: a wildcard server certificate signed by the issuing CA.
leaf() {
  local name=$1 san=$2 extra=$3
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pki/$name.key" \
    -out "$pki/$name.csr" -subj "/CN=$san" 2>/dev/null
  printf 'subjectAltName=DNS:%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n%s\n' \
    "$san" "$extra" >"$pki/$name.ext"
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/issuing.pem" -CAkey "$pki/issuing.key" \
    -CAcreateserial -days 30 -extfile "$pki/$name.ext" -out "$pki/$name.pem" 2>/dev/null
  cat "$pki/$name.pem" "$pki/issuing.pem" >"$pki/$name-chain.pem"
}
leaf aia "*.aia.deadline.test" "authorityInfoAccess=caIssuers;URI:http://127.0.0.1:$silent/issuing.crt"
leaf drip "*.drip.deadline.test" "crlDistributionPoints=URI:http://127.0.0.1:$drip/issuing.crl"
leaf ok "*.ok.deadline.test" ""

write_lab_pinset "$state/pins" "$pki/root.pem" "Pinprobe Deadline Root" "deadline test root"

start_nginx "$state" "
  server {
    listen 127.0.0.1:$p_aia ssl;
    ssl_certificate $pki/aia.pem;
    ssl_certificate_key $pki/aia.key;
    return 200 'aia';
  }
  server {
    listen 127.0.0.1:$p_drip ssl;
    ssl_certificate $pki/drip-chain.pem;
    ssl_certificate_key $pki/drip.key;
    return 200 'drip';
  }
  server {
    listen 127.0.0.1:$p_ok ssl;
    ssl_certificate $pki/ok-chain.pem;
    ssl_certificate_key $pki/ok.key;
    return 200 'ok';
  }"
wait_tcp "$p_aia"
wait_tcp "$p_drip"
wait_tcp "$p_ok"

start_dnsmasq "$state" "$dns" "address=/scale.deadline.test/127.0.0.1
dns-forward-max=1000"

cat >"$state/state.env" <<ENV
p_aia=$p_aia
p_drip=$p_drip
p_ok=$p_ok
dns=$dns
closed=$closed
silent=$silent
drip=$drip
ENV
echo "deadline fixtures up: aia=$p_aia drip=$p_drip ok=$p_ok dns=$dns silent=$silent drip=$drip"
