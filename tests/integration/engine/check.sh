#!/usr/bin/env bash
# One engine scenario: writes a one-host domains.yaml, runs `pinprobe check --format json`
# against the fixtures and asserts the target's exact finding codes (and more where stated).
# Usage: check.sh STATE_DIR PINPROBE SCENARIO
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
need nginx squid dnsmasq openssl python3
state=$1
pinprobe=$2
scenario=$3
http_fetch=${4:-}
enter_scenario "$state" "$scenario"
mkdir -p "$work/pins"

# domains HOST PORT [EXPECT_MTLS]
domains() {
  cat >"$work/domains.yaml" <<YAML
version: 1
groups:
  - name: lab
    allowlist: "*.pinprobe.test"
    pins: lab
    ports: [$2]
    expect_client_cert_request: ${3:-false}
    hosts: ["$1"]
revocation:
  from_chain: false
  urls: []
YAML
}

# The lab pinset: the fixtures' test root, so that a genuine handshake is judged TLS_OK.
write_lab_pinset "$work/pins" "$state/pki/root.pem" "Pinprobe Test Root" "the engine fixtures' test root"

# run ARGS...: pinprobe's JSON report into $work/report.json (exit 0 or 1 expected).
run() {
  local rc=0
  env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy -u ALL_PROXY -u all_proxy \
    "$pinprobe" check --format json --domains "$work/domains.yaml" --pins "$work/pins" \
    --no-revocation "$@" \
    >"$work/report.json" 2>"$work/stderr" || rc=$?
  if ((rc > 1)); then
    echo "pinprobe exited $rc: $(cat "$work/stderr")" >&2
    exit 1
  fi
  # The exit status is the one the findings imply (0, or 1 on a fail finding), never ignored.
  python3 "$here/../reports/exit_status.py" "$work/report.json" "$rc" || exit 1
  # Every real report must satisfy the published schema (SPEC §5).
  python3 "$here/../../schema/validate_report.py" "$here/../../../schema/report-v1.schema.json" \
    "$work/report.json" >"$work/schema.out" 2>&1 || { cat "$work/schema.out" >&2; exit 1; }
}

# expect CODE...: the one target's finding codes, in order; then optional python checks on
# `t` (the target) read from stdin.
expect() {
  python3 - "$work/report.json" "$@" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
t = report["targets"][0]
codes = [f["code"] for f in t["findings"]]
want = sys.argv[2:]
if codes != want:
    print("expected findings", want, "got", codes)
    print(json.dumps(t["findings"], indent=1)[:4000])
    sys.exit(1)
PY
}

# check_py EXPR: asserts a python expression over the target `t` and the report `r`.
check_py() {
  python3 - "$work/report.json" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r["targets"][0]
ev = {f["code"]: f.get("evidence", {}) for f in t["findings"]}
chain = t["tls"]["chain"]
if not eval(sys.argv[2]):
    print("assertion failed:", sys.argv[2])
    print(json.dumps(t, indent=1)[:4000])
    sys.exit(1)
PY
}

dns=(--dns-server "127.0.0.1:$DNS" --no-proxy)
direct() { echo --no-proxy --resolve "$1:$2:${3:-127.0.0.1}"; }

case $scenario in
  dns-nxdomain) domains nx.pinprobe.test 443; run "${dns[@]}"; expect DNS_NXDOMAIN ;;
  dns-no-address) domains noaddr.pinprobe.test 443; run "${dns[@]}"; expect DNS_NO_ADDRESS ;;
  dns-sinkhole-zero)
    domains sink0.pinprobe.test 443; run "${dns[@]}"; expect DNS_SINKHOLE
    check_py 't["tcp"]["status"] == "not_run"' ;;
  dns-sinkhole-loopback)
    domains sink127.pinprobe.test 443; run "${dns[@]}"; expect DNS_SINKHOLE
    check_py 't["tcp"]["status"] == "not_run"' ;;
  dns-private)
    # The private answer is connected to for real, so this runs in a network namespace of its
    # own where 10.0.0.7 has no route (TCP_UNREACHABLE): nothing leaves loopback.
    need unshare
    if ! unshare -n true 2>/dev/null; then
      [[ ${CI:-} == true ]] && { echo "cannot create a network namespace" >&2; exit 1; }
      exit "$PROBE_SKIP"
    fi
    domains private.pinprobe.test 443
    sed "s|^pid-file=.*|pid-file=$work/dnsmasq.pid|; s|^log-facility=.*|log-facility=$work/dnsmasq.log|" \
      "$state/dnsmasq.conf" >"$work/dnsmasq.conf"
    unshare -n bash -c "ip link set lo up 2>/dev/null || true
      dnsmasq --conf-file='$work/dnsmasq.conf' --user=root
      for i in \$(seq 50); do [[ -s '$work/dnsmasq.pid' ]] && break; sleep 0.1; done
      '$pinprobe' check --format json --domains '$work/domains.yaml' --pins '$work/pins' --no-revocation \
        --no-proxy --dns-server 127.0.0.1:$DNS >'$work/report.json' 2>'$work/stderr'
      kill \$(cat '$work/dnsmasq.pid' 2>/dev/null) 2>/dev/null" || true
    expect DNS_PRIVATE_ADDRESS TCP_UNREACHABLE ;;
  dns-servfail)
    domains a.pinprobe.test 443; run --no-proxy --dns-server "127.0.0.1:$SERVFAIL"
    expect DNS_SERVFAIL ;;
  dns-timeout)
    domains a.pinprobe.test 443; run --no-proxy --dns-server "127.0.0.1:$NOANSWER" --timeout 1s
    expect DNS_TIMEOUT ;;
  tls-sni-a | tls-sni-b)
    name=${scenario#tls-sni-}.pinprobe.test
    domains "$name" "$NGX"; run $(direct "$name" "$NGX"); expect TLS_OK
    check_py "chain[0]['subject'] == 'CN=$name' and len(chain) == 2 and 'Issuing' in chain[1]['subject'] and t['tls']['status'] == 'handshake_ok'" ;;
  tls-ipv6)
    domains a.pinprobe.test "$NGX"; run -6 $(direct a.pinprobe.test "$NGX" ::1); expect TLS_OK
    check_py "t['tcp']['address'] == '::1' and chain[0]['subject'] == 'CN=a.pinprobe.test'" ;;
  mtls-requested)
    domains mtls.pinprobe.test "$NGX" true; run $(direct mtls.pinprobe.test "$NGX")
    expect MTLS_REQUESTED TLS_OK
    check_py "'Pinprobe Test Client CA' in ev['MTLS_REQUESTED']['acceptable_ca_names']" ;;
  mtls-not-requested)
    domains a.pinprobe.test "$NGX" true; run $(direct a.pinprobe.test "$NGX")
    expect MTLS_NOT_REQUESTED TLS_OK ;;
  tls-old-protocol)
    # A TLS 1.0-only server is the server's configuration, never "a firewall that resets TLS".
    domains old.pinprobe.test "$OLD"; run $(direct old.pinprobe.test "$OLD")
    expect TLS_SERVER_CONFIG
    check_py "ev['TLS_SERVER_CONFIG']['cause'] == 'protocol_version' and ev['TLS_SERVER_CONFIG']['server_version'] == 'TLSv1' and 'TLSv1.3' in ev['TLS_SERVER_CONFIG']['offered_versions'] and 'firewall' not in t['findings'][0]['remediation'].split('.')[0]" ;;
  tls-no-shared-cipher)
    domains nocipher.pinprobe.test "$NOCIPHER"; run $(direct nocipher.pinprobe.test "$NOCIPHER")
    expect TLS_SERVER_CONFIG
    check_py "ev['TLS_SERVER_CONFIG']['cause'] == 'cipher' and ev['TLS_SERVER_CONFIG']['alert_received'] == 'handshake failure (40)' and 'ECDHE-ECDSA-AES128-GCM-SHA256' in ev['TLS_SERVER_CONFIG']['offered_ciphers'].split(':') and 'CAMELLIA' not in ev['TLS_SERVER_CONFIG']['offered_ciphers']" ;;
  tls-weak-dh)
    domains weakdh.pinprobe.test "$WEAKDH"; run $(direct weakdh.pinprobe.test "$WEAKDH")
    expect TLS_SERVER_CONFIG
    check_py "ev['TLS_SERVER_CONFIG']['cause'] == 'dh_too_small' and ev['TLS_SERVER_CONFIG']['dh_bits'] == '1024' and ev['TLS_SERVER_CONFIG']['server_cipher'] == 'DHE-RSA-AES128-GCM-SHA256' and ev['TLS_SERVER_CONFIG']['server_version'] == 'TLSv1.2'" ;;
  tls-many-sans)
    # 10,000 SANs: over OpenSSL's default certificate-list limit, within pinprobe's own.
    domains big.pinprobe.test "$NGX"; run $(direct big.pinprobe.test "$NGX"); expect TLS_OK
    check_py "len(chain[0]['dns_names']) == 10000 and t['tls']['status'] == 'handshake_ok'" ;;
  tls-cert-list-limit)
    domains huge.pinprobe.test "$NGX"; run $(direct huge.pinprobe.test "$NGX")
    expect TLS_PROBE_LIMIT
    check_py "ev['TLS_PROBE_LIMIT']['cause'] == 'cert_list_too_long' and ev['TLS_PROBE_LIMIT']['limit_bytes'] == '1048576' and \"pinprobe's limit\" in t['findings'][0]['message']" ;;
  tls-middlebox-alert)
    domains a.pinprobe.test "$ALERT"; run $(direct a.pinprobe.test "$ALERT")
    expect TLS_HANDSHAKE_FAILED
    check_py "ev['TLS_HANDSHAKE_FAILED']['cause'] == 'alert' and ev['TLS_HANDSHAKE_FAILED']['alert_received'] == 'access denied (49)'" ;;
  tls-never-answers)
    domains a.pinprobe.test "$SILENT"; run --timeout 1s $(direct a.pinprobe.test "$SILENT")
    expect TLS_HANDSHAKE_FAILED
    check_py "t['tls']['detail'] == 'timeout' and t['tcp']['status'] == 'connected' and ev['TLS_HANDSHAKE_FAILED']['cause'] == 'timeout' and 'TLSv1.3' in ev['TLS_HANDSHAKE_FAILED']['offered_versions']" ;;
  tls-reset)
    domains a.pinprobe.test "$RESET"; run $(direct a.pinprobe.test "$RESET")
    expect TLS_HANDSHAKE_FAILED
    check_py "'reset' in t['tls']['detail'] and ev['TLS_HANDSHAKE_FAILED']['cause'] == 'reset'" ;;
  vendor-wording)
    # Another vendor's domains.yaml: no Okta words in any format; without `vendor`, Okta's.
    domains a.pinprobe.test "$RESET"
    args=(--domains "$work/domains.yaml" --pins "$work/pins" --no-revocation $(direct a.pinprobe.test "$RESET"))
    for format in text json junit html; do
      rc=0
      "$pinprobe" check --format "$format" "${args[@]}" >"$work/okta.$format" 2>/dev/null || rc=$?
      ((rc == 1)) || { echo "default vendor, $format: exit $rc" >&2; exit 1; }
      grep -q "Okta Verify: Something went wrong" "$work/okta.$format" ||
        { echo "default vendor, $format: no Okta Verify symptom" >&2; exit 1; }
    done
    { echo "vendor: {name: Acme ID, client: Acme Agent, symptoms: {TLS_HANDSHAKE_FAILED: [\"AcmeAgent: TLS failed\"]}}"
      cat "$work/domains.yaml"; } >"$work/acme.yaml"
    args[1]=$work/acme.yaml
    for format in text json junit html; do
      rc=0
      "$pinprobe" check --format "$format" "${args[@]}" >"$work/acme.$format" 2>/dev/null || rc=$?
      ((rc == 1)) || { echo "acme vendor, $format: exit $rc" >&2; exit 1; }
      if grep -n -i "okta\|fastpass" "$work/acme.$format" >&2; then
        echo "acme vendor, $format: Okta wording above" >&2; exit 1
      fi
      grep -q "AcmeAgent: TLS failed" "$work/acme.$format" ||
        { echo "acme vendor, $format: its own symptom is missing" >&2; exit 1; }
    done ;;
  tcp-refused)
    domains a.pinprobe.test "$CLOSED"; run $(direct a.pinprobe.test "$CLOSED"); expect TCP_REFUSED ;;
  tcp-dropped-syn)
    domains a.pinprobe.test "$BACKLOG"; run --timeout 1s $(direct a.pinprobe.test "$BACKLOG")
    expect TCP_TIMEOUT ;;
  pins-learn)
    # The fixtures' chain is private, so pins learn must warn (exit 1) and still print the
    # pins it saw: the leaf's and the issuing CA's, as openssl computes them.
    rc=0
    "$pinprobe" pins learn "a.pinprobe.test:$NGX" --resolve "a.pinprobe.test:$NGX:127.0.0.1" \
      --no-proxy >"$work/learn.yaml" 2>"$work/stderr" || rc=$?
    ((rc == 1)) || { echo "pins learn exited $rc: $(cat "$work/stderr")" >&2; exit 1; }
    grep -q "WARNING: this chain looks INTERCEPTED" "$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
    grep -q "^# WARNING" "$work/learn.yaml" || { cat "$work/learn.yaml" >&2; exit 1; }
    for cert in a issuing; do
      pin=$(spki_pin "$state/pki/$cert.pem")
      grep -qF "sha256: \"$pin\"" "$work/learn.yaml" || { echo "no pin $pin for $cert" >&2; cat "$work/learn.yaml" >&2; exit 1; }
    done
    grep -q "^# presented over TLSv1.[23] (.\+)" "$work/learn.yaml" || { cat "$work/learn.yaml" >&2; exit 1; }
    # Through the plain tunnel the same pins come back.
    rc=0
    "$pinprobe" pins learn "a.pinprobe.test:$NGX" --proxy "http://127.0.0.1:$SQ_PLAIN" \
      >"$work/learn-proxy.yaml" 2>"$work/stderr" || rc=$?
    ((rc == 1)) || { echo "pins learn through the tunnel exited $rc: $(cat "$work/stderr")" >&2; exit 1; }
    diff <(grep sha256 "$work/learn.yaml") <(grep sha256 "$work/learn-proxy.yaml") >&2 || exit 1
    # A bad HOST[:PORT] is a usage error.
    rc=0
    "$pinprobe" pins learn "a.pinprobe.test:99999" >/dev/null 2>&1 || rc=$?
    ((rc == 2)) || { echo "bad port exited $rc" >&2; exit 1; } ;;
  proxy-tunnel)
    domains a.pinprobe.test "$NGX"
    run $(direct a.pinprobe.test "$NGX")
    cp "$work/report.json" "$work/direct.json"
    run --dns-server "127.0.0.1:$DNS" --proxy "http://127.0.0.1:$SQ_PLAIN"
    expect DNS_RESOLVED_BY_PROXY TLS_OK
    check_py "t['tls']['status'] == 'handshake_ok' and t['tcp']['proxy']['status'] == 'tunnel_ok' and [c['sha256_fingerprint'] for c in chain] == [c['sha256_fingerprint'] for c in json.load(open('$work/direct.json'))['targets'][0]['tls']['chain']] and len(chain) == 2" ;;
  proxy-auth-required)
    domains a.pinprobe.test "$NGX"
    run --dns-server "127.0.0.1:$DNS" --proxy "http://127.0.0.1:$SQ_AUTH"
    expect DNS_RESOLVED_BY_PROXY PROXY_AUTH_REQUIRED ;;
  proxy-auth-ok)
    domains a.pinprobe.test "$NGX"
    run --dns-server "127.0.0.1:$DNS" --proxy "http://127.0.0.1:$SQ_AUTH" \
      --proxy-user probe:s3cret --proxy-auth basic
    expect DNS_RESOLVED_BY_PROXY TLS_OK
    check_py "t['tls']['status'] == 'handshake_ok'" ;;
  proxy-denied)
    domains denied.pinprobe.test "$NGX"
    run --dns-server "127.0.0.1:$DNS" --proxy "http://127.0.0.1:$SQ_PLAIN"
    expect DNS_RESOLVED_BY_PROXY PROXY_CONNECT_DENIED
    check_py "ev['PROXY_CONNECT_DENIED']['status'] == '403' and 'squid' in ev['PROXY_CONNECT_DENIED']['server']"
    # The action list: allow CONNECT to this host:port on this proxy, from the 403.
    python3 - "$work/report.json" "denied.pinprobe.test:$NGX" "http://127.0.0.1:$SQ_PLAIN" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
want = [{"kind": "allow_connect", "device": "proxy", "proxy": sys.argv[3], "rules": [sys.argv[2]],
         "targets": [sys.argv[2]], "urls": [], "codes": ["PROXY_CONNECT_DENIED"],
         "details": ["the proxy answered HTTP 403"],
         "action": f"Allow CONNECT to {sys.argv[2]} on proxy {sys.argv[3]}"}]
assert r["actions"] == want, json.dumps(r["actions"], indent=1)
PY
    ;;
  proxy-unreachable)
    domains a.pinprobe.test "$NGX"
    run --dns-server "127.0.0.1:$DNS" --proxy "http://127.0.0.1:$CLOSED"
    expect DNS_RESOLVED_BY_PROXY PROXY_UNREACHABLE ;;
  proxy-env)
    domains a.pinprobe.test "$NGX"
    HTTPS_PROXY_VALUE="http://127.0.0.1:$SQ_PLAIN"
    rc=0
    env -u https_proxy HTTPS_PROXY="$HTTPS_PROXY_VALUE" "$pinprobe" check --format json \
      --domains "$work/domains.yaml" --pins "$work/pins" --no-revocation --dns-server "127.0.0.1:$DNS" \
      >"$work/report.json" 2>"$work/stderr" || rc=$?
    ((rc <= 1)) || { cat "$work/stderr" >&2; exit 1; }
    expect DNS_RESOLVED_BY_PROXY TLS_OK
    check_py "r['environment']['proxy'] == '$HTTPS_PROXY_VALUE' and t['tls']['status'] == 'handshake_ok'" ;;
  http-*)
    # fetch ARGS... then python checks on `h` (the first response)
    fetch() { "$http_fetch" "$@" >"$work/http.json"; }
    hcheck() {
      python3 - "$work/http.json" "$1" <<'PY'
import json, sys
h = json.loads(open(sys.argv[1]).readline())
if not eval(sys.argv[2]):
    print("assertion failed:", sys.argv[2], "on", h)
    sys.exit(1)
PY
    }
    web=http://127.0.0.1:$WEB
    case $scenario in
      http-get)
        fetch "$web/small.crl"
        hcheck "h['status'] == 200 and h['body_size'] == 10 and h['content_type'] == 'application/pkix-crl' and h['server'].startswith('nginx') and h['tcp'] == 'connected'" ;;
      http-truncated)
        fetch --max-bytes 1000 "$web/big.bin"
        hcheck "h['truncated'] and h['body_size'] == 1000 and h['status'] == 200" ;;
      http-redirect)
        fetch "$web/to-small"
        hcheck "h['status'] == 200 and h['redirects'] == 1 and h['final_url'].endswith('/small.crl')" ;;
      http-redirect-https-refused)
        fetch "$web/to-https"
        hcheck "h['status'] == 302 and h['tcp'] == 'connected' and h['body_size'] == 0 and h['detail'].startswith('redirect refused: https://')" ;;
      http-redirect-limit)
        fetch --max-redirects 3 "$web/loop"
        hcheck "h['status'] == 302 and h['redirects'] == 3 and h['detail'] == 'more than 3 redirects'" ;;
      http-post)
        fetch --post "$web/post"
        hcheck "h['status'] == 201" ;;
      http-refused)
        fetch "http://127.0.0.1:$CLOSED/x.crl"
        hcheck "h['tcp'] == 'refused' and h['status'] == 0" ;;
      http-resolve)
        # --resolve pins the name for the HTTP client too: no DNS server is asked at all.
        fetch --dns-server "127.0.0.1:$NOANSWER" --resolve "crl.elsewhere.test:$WEB:127.0.0.1" \
          "http://crl.elsewhere.test:$WEB/small.crl"
        hcheck "h['status'] == 200 and h['body_size'] == 10 and h['dns'] == 'ok'" ;;
      http-nxdomain)
        fetch --dns-server "127.0.0.1:$DNS" "http://nx.pinprobe.test/x.crl"
        hcheck "h['dns'] == 'nxdomain' and h['status'] == 0" ;;
    esac ;;
  *) echo "unknown scenario $scenario" >&2; exit 1 ;;
esac
echo "ok: $scenario"
