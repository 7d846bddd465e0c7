#!/usr/bin/env bash
# Fixture setup for the engine integration tests: PKI, nginx (SNI names, IPv4+IPv6, mTLS,
# an old-protocol-only vhost), squid (plain, basic auth, ACL), dnsmasq and the fault servers.
# Usage: setup.sh STATE_DIR FAULT_SERVER_BINARY. Writes STATE_DIR/state.env.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
source "$here/../lib/servers.sh"
need nginx squid dnsmasq openssl python3

state=$1
fault=$2
rm -rf "$state"
mkdir -p "$state/pki"
pki=$state/pki

gen_ca "$pki" root "Pinprobe Test Root"
gen_intermediate "$pki" issuing "Pinprobe Test Issuing CA" root
gen_leaf "$pki" a issuing a.pinprobe.test
gen_leaf "$pki" b issuing b.pinprobe.test
gen_leaf "$pki" mtls issuing mtls.pinprobe.test
gen_ca "$pki" clientca "Pinprobe Test Client CA"
# A valid leaf with 10,000 SANs (about 300 KB: over OpenSSL's default 100 KiB certificate-list
# limit, within pinprobe's 1 MiB) and one of about 1.2 MB (over pinprobe's bound) made of 5,300
# long names: OpenSSL's SAN handling grows faster than linearly with the count (40,000 short
# names took over a minute to issue).
many=(big.pinprobe.test)
for i in $(seq 1 9999); do many+=("h$i.big.pinprobe.test"); done
gen_leaf "$pki" big issuing "${many[@]}"
many=(huge.pinprobe.test)
long=$(printf 'l%.0s' $(seq 1 60))
for i in $(seq 1 5299); do many+=("h$i.$long.$long.$long.huge.pinprobe.test"); done
gen_leaf "$pki" huge issuing "${many[@]}"
unset many long
# DSA-style parameters: instant, where a 1024-bit safe prime can take seconds on a busy machine.
openssl dhparam -dsaparam -out "$pki/dh1024.pem" 1024 2>/dev/null
# An RSA leaf for the DHE-RSA-only server (the other leaves are ECDSA).
openssl req -new -newkey rsa:2048 -nodes -keyout "$pki/rsa.key" -out "$pki/rsa.csr" \
  -subj "/CN=weakdh.pinprobe.test" 2>/dev/null
printf 'subjectAltName=DNS:weakdh.pinprobe.test\nbasicConstraints=CA:FALSE\n' >"$pki/rsa.ext"
openssl x509 -req -in "$pki/rsa.csr" -CA "$pki/issuing.pem" -CAkey "$pki/issuing.key" \
  -CAcreateserial -days 30 -extfile "$pki/rsa.ext" -out "$pki/rsa.pem" 2>/dev/null
cat "$pki/rsa.pem" "$pki/issuing.pem" >"$pki/rsa-chain.pem"

ngx=$(free_port tcp)
old=$(free_port tcp)
nocipher=$(free_port tcp)
weakdh=$(free_port tcp)
dns=$(free_port udp)
sq_plain=$(free_port tcp)
sq_auth=$(free_port tcp)
hold_closed_port "$state"
web=$(free_port tcp)
head -c 300000 /dev/urandom >"$state/big.bin"
printf 'crl bytes\n' >"$state/small.crl"

vhost() {  # vhost NAME CERT EXTRA
  cat <<CONF
  server {
    listen 127.0.0.1:$ngx ssl;
    listen [::1]:$ngx ssl;
    server_name $1;
    ssl_certificate $pki/$2-chain.pem;
    ssl_certificate_key $pki/$2.key;
    $3
    location / { return 204; }
  }
CONF
}
start_nginx "$state" "$(vhost a.pinprobe.test a '')
$(vhost b.pinprobe.test b '')
$(vhost mtls.pinprobe.test mtls "ssl_verify_client optional; ssl_client_certificate $pki/clientca.pem;")
$(vhost big.pinprobe.test big '')
$(vhost huge.pinprobe.test huge '')
  server {
    listen 127.0.0.1:$nocipher ssl;
    server_name nocipher.pinprobe.test;
    ssl_protocols TLSv1.2;
    ssl_ciphers CAMELLIA256-SHA;
    ssl_certificate $pki/a-chain.pem;
    ssl_certificate_key $pki/a.key;
    location / { return 204; }
  }
  server {
    listen 127.0.0.1:$weakdh ssl;
    server_name weakdh.pinprobe.test;
    ssl_protocols TLSv1.2;
    ssl_ciphers DHE-RSA-AES128-GCM-SHA256@SECLEVEL=0;
    ssl_dhparam $pki/dh1024.pem;
    ssl_certificate $pki/rsa-chain.pem;
    ssl_certificate_key $pki/rsa.key;
    location / { return 204; }
  }
  server {
    listen 127.0.0.1:$old ssl;
    server_name old.pinprobe.test;
    ssl_protocols TLSv1;
    ssl_ciphers DEFAULT@SECLEVEL=0;
    ssl_certificate $pki/a-chain.pem;
    ssl_certificate_key $pki/a.key;
    location / { return 204; }
  }
  server {
    listen 127.0.0.1:$web;
    server_name _;
    root $state;
    types { application/pkix-crl crl; application/octet-stream bin; }
    location = /to-small { return 302 http://127.0.0.1:$web/small.crl; }
    location = /to-https { return 302 https://127.0.0.1:$ngx/; }
    location = /loop { return 302 http://127.0.0.1:$web/loop; }
    location = /post { if (\$request_method = POST) { return 201; } return 405; }
  }"
wait_tcp "$ngx"
wait_tcp "$web"

start_dnsmasq "$state" "$dns" "local=/pinprobe.test/
txt-record=noaddr.pinprobe.test,\"no address here\"
address=/sink0.pinprobe.test/0.0.0.0
host-record=sink127.pinprobe.test,127.0.0.1
host-record=private.pinprobe.test,10.0.0.7"

printf '127.0.0.1 a.pinprobe.test b.pinprobe.test denied.pinprobe.test\n' >"$state/squid-hosts"
printf 'probe:%s\n' "$(openssl passwd -apr1 s3cret)" >"$state/squid-passwd"
chmod 0644 "$state/squid-hosts" "$state/squid-passwd"
start_squid "$state" "http_port 127.0.0.1:$sq_plain name=plain
http_port 127.0.0.1:$sq_auth name=auth
hosts_file $state/squid-hosts
auth_param basic program /usr/lib/squid/basic_ncsa_auth $state/squid-passwd
acl authport myportname auth
acl authed proxy_auth REQUIRED
acl denied dstdomain denied.pinprobe.test
http_access deny denied
http_access deny authport !authed
http_access allow localhost
http_access deny all" "$sq_plain" "$sq_auth"

for mode in tcp-silent tcp-reset tls-alert tcp-backlog udp-servfail udp-silent; do
  ("$fault" "$mode" "$state/$mode.port" >/dev/null 2>&1 & echo $! >"$state/$mode.pid")
  wait_file "$state/$mode.port"
done

cat >"$state/state.env" <<ENV
NGX=$ngx
OLD=$old
NOCIPHER=$nocipher
WEAKDH=$weakdh
ALERT=$(cat "$state/tls-alert.port")
DNS=$dns
SQ_PLAIN=$sq_plain
SQ_AUTH=$sq_auth
CLOSED=$closed
WEB=$web
SILENT=$(cat "$state/tcp-silent.port")
RESET=$(cat "$state/tcp-reset.port")
BACKLOG=$(cat "$state/tcp-backlog.port")
SERVFAIL=$(cat "$state/udp-servfail.port")
NOANSWER=$(cat "$state/udp-silent.port")
ENV
echo "engine fixtures up: $(tr '\n' ' ' <"$state/state.env")"
