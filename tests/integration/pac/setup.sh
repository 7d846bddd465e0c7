#!/usr/bin/env bash
# Fixture setup for the PAC / WPAD / system-route tests (issue 17): a test PKI, nginx serving
# the lab names over TLS and the PAC files over HTTP (plus wpad.dat on port 80 of a loopback
# address of its own), squid twice (a plain CONNECT tunnel and an ssl-bump inspection port
# re-signing with a test inspection CA), and dnsmasq answering the lab names and
# wpad.<lab domain>. Usage: setup.sh STATE_DIR. Writes STATE_DIR/state.env.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
source "$here/../lib/servers.sh"
need nginx squid dnsmasq openssl python3
need_bump_squid

state=$1
rm -rf "$state"
mkdir -p "$state/pki" "$state/web" "$state/wpad"
pki=$state/pki

ngx=$(free_port tcp)
web=$(free_port tcp)
sq_plain=$(free_port tcp)
sq_bump=$(free_port tcp)
hold_closed_port "$state"
dns=$(free_port udp)
# WPAD is fetched from port 80: a loopback address of this run's own keeps it from colliding
# with anything else on the machine.
wpad_ip=$(python3 - <<'PY'
import random, socket
for _ in range(200):
    ip = "127.%d.%d.%d" % (random.randint(20, 250), random.randint(1, 250), random.randint(1, 250))
    s = socket.socket()
    try:
        s.bind((ip, 80))
    except OSError:
        continue
    finally:
        s.close()
    print(ip)
    break
PY
)
[[ -n $wpad_ip ]] || { echo "no loopback address with a free port 80" >&2; exit 1; }

gen_ca "$pki" root "Pinprobe Test Root"
gen_intermediate "$pki" issuing "Pinprobe Test Issuing CA" root
# The lab's "Okta" names and one name the PAC sends through the inspecting proxy.
gen_leaf "$pki" lab issuing acme.okta.pinprobe.test login.okta.pinprobe.test other.pinprobe.test
gen_ca "$pki" inspect "Pinprobe Inspection CA"
cat "$pki/inspect.pem" "$pki/inspect.key" >"$pki/inspect-bundle.pem"
chmod 0644 "$pki"/*.key "$pki"/*.pem

bump="PROXY 127.0.0.1:$sq_bump"
plain="PROXY 127.0.0.1:$sq_plain"
down="PROXY 127.0.0.1:$closed"
# bump.pac: everything through the inspecting proxy (the failing site's PAC).
cat >"$state/web/bump.pac" <<PAC
function FindProxyForURL(url, host) {
  return "$bump";
}
PAC
# direct.pac: the lab's Okta names DIRECT, the rest inspected (the fixed PAC); CRL/OCSP hosts
# through the plain tunnel.
cat >"$state/web/direct.pac" <<PAC
function FindProxyForURL(url, host) {
  if (dnsDomainIs(host, ".okta.pinprobe.test")) return "DIRECT";
  if (shExpMatch(url, "http://crl.pinprobe.test*")) return "$plain";
  return "$bump";
}
PAC
# failover.pac: the first proxy is down, the second works.
cat >"$state/web/failover.pac" <<PAC
function FindProxyForURL(url, host) {
  return "$down; $plain; DIRECT";
}
PAC
# broken.pac: a syntax error.
cat >"$state/web/broken.pac" <<'PAC'
function FindProxyForURL(url, host) {
  if (host == "x" return "DIRECT";
}
PAC
# innet.pac: the PAC's DNS helpers. Names that resolve into loopback go DIRECT (what the run's
# --resolve pins), names in 10/8 (what the lab's DNS server answers) through the plain tunnel,
# the rest (not resolvable by the system) through the inspecting proxy.
cat >"$state/web/innet.pac" <<PAC
function FindProxyForURL(url, host) {
  if (isInNet(host, "127.0.0.0", "255.0.0.0")) return "DIRECT";
  var ip = dnsResolve(host);
  if (ip && isInNet(ip, "10.0.0.0", "255.0.0.0")) return "$plain";
  return "$bump";
}
PAC
# empty.pac: an answer with no route in it.
cat >"$state/web/empty.pac" <<'PAC'
function FindProxyForURL(url, host) { return "BOGUS 1.2.3.4"; }
PAC
cp "$state/web/direct.pac" "$state/wpad/wpad.dat"
printf 'not a CRL\n' >"$state/web/lab.crl"

start_nginx "$state" "
  server {
    listen 127.0.0.1:$ngx ssl;
    server_name acme.okta.pinprobe.test login.okta.pinprobe.test other.pinprobe.test;
    ssl_certificate $pki/lab-chain.pem;
    ssl_certificate_key $pki/lab.key;
    location / { return 204; }
  }
  server {
    listen 127.0.0.1:$web;
    server_name _;
    root $state/web;
    types { application/x-ns-proxy-autoconfig pac; application/pkix-crl crl; }
  }
  server {
    listen $wpad_ip:80;
    server_name _;
    root $state/wpad;
    types { application/x-ns-proxy-autoconfig dat; }
  }"
wait_tcp "$ngx"
wait_tcp "$web"
wait_tcp 80 "$wpad_ip"

# dnsmasq: the lab names on loopback, wpad.lab.pinprobe.test on the WPAD address; other names
# do not exist.
start_dnsmasq "$state" "$dns" "address=/acme.okta.pinprobe.test/127.0.0.1
address=/login.okta.pinprobe.test/127.0.0.1
address=/wpad.lab.pinprobe.test/$wpad_ip
address=/crl.pinprobe.test/127.0.0.1
address=/other.pinprobe.test/10.9.9.9"

start_bump_squid "$state" "$pki" "$sq_plain" "$sq_bump" acme.okta.pinprobe.test \
  login.okta.pinprobe.test other.pinprobe.test crl.pinprobe.test

cat >"$state/state.env" <<ENV
NGX=$ngx
WEB=$web
SQ_PLAIN=$sq_plain
SQ_BUMP=$sq_bump
CLOSED=$closed
DNS=$dns
WPAD_IP=$wpad_ip
ENV
echo "pac fixtures up: $(tr '\n' ' ' <"$state/state.env")"
