#!/usr/bin/env bash
# One PAC / WPAD / system-route scenario (issue 17): a two-host lab (a lab "Okta" name and
# another name), the lab pinset, `pinprobe check` with a PAC, WPAD or the proxy variables, and
# assertions on each target's findings and route in the JSON report (valid against the schema),
# the text report, and the Prometheus and HTML formats. Usage: check.sh STATE PINPROBE SCENARIO
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
need nginx squid dnsmasq openssl python3
state=$1
pinprobe=$2
scenario=$3
enter_scenario "$state" "$scenario"
mkdir -p "$work/pins"
okta=acme.okta.pinprobe.test
other=other.pinprobe.test
bump="PROXY 127.0.0.1:$SQ_BUMP"
plain="PROXY 127.0.0.1:$SQ_PLAIN"
pac_url() { printf 'http://127.0.0.1:%s/%s' "$WEB" "$1"; }

# domains [REVOCATION_URL]: the lab's two groups on the nginx port.
domains() {
  cat >"$work/domains.yaml" <<YAML
version: 1
groups:
  - name: okta-lab
    allowlist: "*.okta.pinprobe.test"
    pins: lab
    ports: [$NGX]
    hosts: ["$okta"]
  - name: other
    allowlist: "*.pinprobe.test"
    pins: lab
    ports: [$NGX]
    hosts: ["$other"]
revocation:
  from_chain: false
  urls: [${1:+\"$1\"}]
YAML
}
domains
write_lab_pinset "$work/pins" "$pki/root.pem" "Pinprobe Test Root" "the pac fixtures' test root"
pinned=(--resolve "$okta:$NGX:127.0.0.1" --resolve "$other:$NGX:127.0.0.1")

# probe FORMAT ARGS...: pinprobe check (proxy variables cleared unless ENV_VARS names some)
# into $work/out.FORMAT; the exit status in last_rc (0 or 1 expected).
probe() {
  local format=$1 rc=0
  shift
  env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy -u ALL_PROXY -u all_proxy \
    -u NO_PROXY -u no_proxy -u SSL_CERT_FILE -u SSL_CERT_DIR COLUMNS=400 ${ENV_VARS:-} \
    "$pinprobe" check --domains "$work/domains.yaml" --pins "$work/pins" --timeout 3s \
    --no-color --format "$format" "$@" >"$work/out.$format" 2>"$work/stderr" || rc=$?
  if ((rc > 1)); then
    echo "pinprobe exited $rc: $(cat "$work/stderr")" >&2
    exit 1
  fi
  last_rc=$rc
}

# run ARGS...: the JSON report, valid against the schema, exit status as its findings imply.
run() {
  last_args=("$@")
  probe json "$@"
  python3 "$here/../reports/exit_status.py" "$work/out.json" "$last_rc" || exit 1
  python3 "$here/../../schema/validate_report.py" "$here/../../../schema/report-v1.schema.json" \
    "$work/out.json" >"$work/schema.out" 2>&1 || { cat "$work/schema.out" >&2; exit 1; }
}

# check_py EXPR: EXPR holds over the report: r, t (by host: t[okta], t[other]), codes(host).
check_py() {
  python3 - "$work/out.json" "$okta" "$other" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
okta, other = sys.argv[2], sys.argv[3]
t = {x["host"]: x for x in r["targets"]}
def codes(host):
    return [f["code"] for f in t[host]["findings"]]
def ev(host, code, key):
    for f in t[host]["findings"]:
        if f["code"] == code:
            e = f["evidence"]
            pairs = e.items() if isinstance(e, dict) else [(p[0], p[1]) for p in e]
            for k, v in pairs:
                if k == key:
                    return v
    return None
if not eval(sys.argv[4]):
    print("assertion failed:", sys.argv[4])
    print(json.dumps(r["targets"], indent=1)[:6000])
    sys.exit(1)
PY
}

# has FORMAT LINE...: the last run's arguments rendered in FORMAT hold every LINE.
has() {
  local format=$1 line
  shift
  probe "$format" "${last_args[@]}"
  for line in "$@"; do
    grep -qF -- "$line" "$work/out.$format" || {
      echo "the $format report lacks: $line" >&2
      cat "$work/out.$format" >&2
      exit 1
    }
  done
}

# usage_error MESSAGE ARGS...: pinprobe exits 2 naming MESSAGE on stderr, before probing.
usage_error() {
  local want=$1 rc=0
  shift
  "$pinprobe" check --domains "$work/domains.yaml" --pins "$work/pins" "$@" >/dev/null \
    2>"$work/stderr" || rc=$?
  ((rc == 2)) || { echo "expected exit 2, got $rc for: $*" >&2; exit 1; }
  grep -qF -- "$want" "$work/stderr" || { echo "stderr lacks: $want" >&2; cat "$work/stderr" >&2; exit 1; }
}

case $scenario in
  pac-intercepted)
    # The done-when case: a PAC that sends the lab's Okta name through the inspecting proxy.
    run --no-revocation "${pinned[@]}" --pac "$(pac_url bump.pac)"
    check_py "codes(okta) == ['TLS_INTERCEPTED'] and t[okta]['route']['used'] == '$bump' and t[okta]['route']['source'] == 'pac' and t[okta]['route']['answer'] == '$bump' and t[okta]['route']['location'] == '$(pac_url bump.pac)' and r['environment']['routes'].startswith('pac $(pac_url bump.pac) (libpacparser')"
    has text "route $bump (pac answered \"$bump\")" "routes pac $(pac_url bump.pac)"
    has prom "pinprobe_target_route_info{host=\"$okta\",group=\"okta-lab\",port=\"$NGX\",site=\"\",route=\"$bump\",source=\"pac\"} 1"
    has html "route $bump (pac answered &quot;$bump&quot;)" ;;
  pac-direct)
    # The fixed PAC: the Okta name DIRECT (the real chain), the other name inspected.
    run --no-revocation "${pinned[@]}" --pac "$(pac_url direct.pac)"
    check_py "codes(okta) == ['TLS_OK'] and t[okta]['route']['used'] == 'DIRECT' and t[okta]['route']['attempts'] == [{'entry': 'DIRECT', 'result': 'used'}] and codes(other) == ['TLS_INTERCEPTED'] and t[other]['route']['used'] == '$bump'"
    has text "route DIRECT (pac answered \"DIRECT\")" ;;
  pac-compare)
    run --no-revocation "${pinned[@]}" --pac "$(pac_url bump.pac)" --compare-paths
    check_py "codes(okta) == ['TLS_INTERCEPTED', 'PATH_VERDICT_DIFFERS'] and t[okta]['compare'] == {'direct_verdict': 'pass', 'device_verdict': 'fail', 'device_route': '$bump', 'differs': True, 'direct_codes': ['TLS_OK']} and ev(okta, 'PATH_VERDICT_DIFFERS', 'direct_findings') == 'TLS_OK' and r['environment']['compare_paths'] is True and len(r['targets']) == 2"
    has text "compare DIRECT pass (TLS_OK) vs route $bump fail: the verdicts differ"
    has prom "pinprobe_path_verdict_differs{host=\"$okta\",group=\"okta-lab\",port=\"$NGX\",site=\"\"} 1"
    run --no-revocation "${pinned[@]}" --pac "$(pac_url direct.pac)" --compare-paths
    check_py "codes(okta) == ['TLS_OK'] and t[okta]['compare']['differs'] is False and codes(other) == ['TLS_INTERCEPTED', 'PATH_VERDICT_DIFFERS']"
    has text "compare DIRECT pass (TLS_OK) vs route DIRECT pass: same verdict" ;;
  failover)
    run --no-revocation "${pinned[@]}" --pac "$(pac_url failover.pac)"
    check_py "codes(okta) == ['TLS_OK'] and t[okta]['route']['used'] == '$plain' and t[okta]['route']['attempts'][0]['entry'] == 'PROXY 127.0.0.1:$CLOSED' and t[okta]['route']['attempts'][0]['result'].startswith('unreachable: ') and t[okta]['route']['attempts'][1] == {'entry': '$plain', 'result': 'used'} and t[okta]['tcp']['proxy']['status'] == 'tunnel_ok'"
    has text "route $plain (pac answered \"PROXY 127.0.0.1:$CLOSED; $plain; DIRECT\"; PROXY 127.0.0.1:$CLOSED unreachable: " ;;
  syntax-error)
    run --no-revocation "${pinned[@]}" --pac "$(pac_url broken.pac)"
    check_py "codes(okta) == ['PAC_INVALID', 'TLS_OK'] and 'SyntaxError' in ev(okta, 'PAC_INVALID', 'error') and t[okta]['route']['used'] == 'DIRECT' and t[okta]['route']['note'] == 'the PAC is unavailable; DIRECT, as browsers do' and r['verdict'] == 'fail'" ;;
  fetch-failed)
    run --no-revocation "${pinned[@]}" --pac "http://127.0.0.1:$CLOSED/proxy.pac"
    check_py "codes(okta) == ['PAC_FETCH_FAILED', 'TLS_OK'] and ev(okta, 'PAC_FETCH_FAILED', 'tcp') == 'refused' and t[okta]['route']['used'] == 'DIRECT'"
    run --no-revocation "${pinned[@]}" --pac "$(pac_url missing.pac)"
    check_py "codes(other) == ['PAC_FETCH_FAILED', 'TLS_OK'] and ev(other, 'PAC_FETCH_FAILED', 'status') == '404'" ;;
  eval-failed)
    run --no-revocation "${pinned[@]}" --pac "$(pac_url empty.pac)"
    check_py "codes(okta) == ['PAC_EVAL_FAILED', 'TLS_OK'] and ev(okta, 'PAC_EVAL_FAILED', 'answer') == 'BOGUS 1.2.3.4' and t[okta]['route']['used'] == 'DIRECT'" ;;
  innet-resolve)
    # isInNet(dnsResolve(host)) sees the --resolve pins: the Okta name is in 127/8 (DIRECT),
    # the other is pinned into 10/8 (the plain tunnel; never connected to directly).
    run --no-revocation --resolve "$okta:$NGX:127.0.0.1" --resolve "$other:$NGX:10.9.9.8" \
      --pac "$(pac_url innet.pac)"
    check_py "codes(okta) == ['TLS_OK'] and t[okta]['route']['used'] == 'DIRECT' and t[other]['route']['used'] == '$plain' and codes(other)[-1] == 'TLS_OK'" ;;
  innet-dns-server)
    # The PAC's dnsResolve asks the run's --dns-server (dnsmasq answers the other name in
    # 10/8): the system resolver knows neither name, and would send it to the inspecting proxy.
    run --no-revocation --dns-server "127.0.0.1:$DNS" --resolve "$okta:$NGX:127.0.0.1" \
      --pac "$(pac_url innet.pac)"
    check_py "codes(okta) == ['TLS_OK'] and t[okta]['route']['used'] == 'DIRECT' and t[other]['route']['used'] == '$plain' and codes(other)[-1] == 'TLS_OK'" ;;
  wpad)
    run --no-revocation --dns-server "127.0.0.1:$DNS" "${pinned[@]}" --wpad \
      --wpad-domain lab.pinprobe.test
    check_py "r['environment']['routes'].startswith('wpad http://wpad.lab.pinprobe.test/wpad.dat') and codes(okta) == ['TLS_OK'] and t[okta]['route'] == {'source': 'wpad', 'location': 'http://wpad.lab.pinprobe.test/wpad.dat', 'answer': 'DIRECT', 'used': 'DIRECT', 'attempts': [{'entry': 'DIRECT', 'result': 'used'}]} and codes(other) == ['TLS_INTERCEPTED'] and t[other]['route']['used'] == '$bump'"
    has text "route DIRECT (wpad answered \"DIRECT\")" ;;
  wpad-missing)
    run --no-revocation --dns-server "127.0.0.1:$DNS" "${pinned[@]}" --wpad \
      --wpad-domain nowhere.pinprobe.test
    check_py "codes(okta) == ['PAC_FETCH_FAILED', 'TLS_OK'] and ev(okta, 'PAC_FETCH_FAILED', 'source') == 'wpad' and t[okta]['route']['used'] == 'DIRECT' and t[okta]['route']['note'] == 'the PAC is unavailable; the settings decide (direct)'"
    usage_error "--wpad-domain needs --wpad" --wpad-domain lab.pinprobe.test ;;
  system-env)
    ENV_VARS="https_proxy=http://127.0.0.1:$SQ_BUMP no_proxy=.okta.pinprobe.test" \
      run --no-revocation "${pinned[@]}" --proxy-mode system
    check_py "codes(okta) == ['TLS_OK'] and t[okta]['route']['source'] == 'no_proxy' and t[okta]['route']['used'] == 'DIRECT' and codes(other) == ['TLS_INTERCEPTED'] and t[other]['route']['source'] == 'https_proxy' and t[other]['route']['used'] == '$bump' and r['environment']['routes'] == 'system (environment)'" ;;
  revocation-route)
    # A revocation URL follows its own PAC answer (direct.pac: crl.* through the plain tunnel).
    domains "http://crl.pinprobe.test:$WEB/lab.crl"
    run "${pinned[@]}" --pac "$(pac_url direct.pac)"
    python3 - "$work/out.json" "$plain" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
rev = r["revocation"]
assert len(rev) == 1, rev
route = rev[0]["route"]
assert route["used"] == sys.argv[2] and route["source"] == "pac", route
assert rev[0]["http"]["through_proxy"] is True and rev[0]["http"]["status"] == 200, rev[0]["http"]
PY
    ;;
  pac-file)
    run --no-revocation "${pinned[@]}" --pac "$state/web/direct.pac"
    check_py "codes(okta) == ['TLS_OK'] and t[okta]['route']['location'] == '$state/web/direct.pac' and codes(other) == ['TLS_INTERCEPTED']"
    usage_error "--pac: " --pac "$work/no-such.pac" ;;
  usage)
    usage_error "--pac cannot be used with --proxy" --pac "$(pac_url bump.pac)" --proxy http://p:1
    usage_error "--pac cannot be used with --wpad" --pac "$(pac_url bump.pac)" --wpad
    usage_error "--wpad cannot be used with --no-proxy" --wpad --no-proxy
    usage_error "--wpad-domain 'bad domain': not a DNS name" --wpad --wpad-domain "bad domain" ;;
  *)
    echo "unknown scenario $scenario" >&2
    exit 1 ;;
esac
echo "pac: $scenario ok"
