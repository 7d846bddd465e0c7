#!/usr/bin/env bash
# One chain-judge scenario: writes a one-host domains.yaml and the lab pinset (pinned to the
# fixtures' test root), runs `pinprobe check --format json` against nginx directly or through
# squid, and asserts the target's exact finding codes in order (engine findings first, then the
# judge's) plus evidence. Usage: check.sh STATE_DIR PINPROBE SCENARIO
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
need nginx squid openssl python3
state=$1
pinprobe=$2
scenario=$3
[[ -s $state/state.env ]] || { echo "fixtures are not up ($state/state.env)" >&2; exit 1; }
source "$state/state.env"
pki=$state/pki
work=$state/run-$scenario
rm -rf "$work"
mkdir -p "$work/pins"

# domains HOST [EXPECT_MTLS]: the lab group, pinned, on the nginx port, no revocation URLs.
domains() {
  cat >"$work/domains.yaml" <<YAML
version: 1
groups:
  - name: lab
    allowlist: "*.pinprobe.test"
    pins: lab
    ports: [$NGX]
    expect_client_cert_request: ${2:-false}
    hosts: ["$1"]
revocation:
  from_chain: false
  urls: []
YAML
}

write_lab_pinset "$work/pins" "$pki/root.pem" "Pinprobe Test Root" "the judge fixtures' test root"

# run HOST ARGS...: pinprobe's JSON report into $work/report.json (exit 0 or 1 expected). The
# name resolves to loopback by --resolve; the system store is OpenSSL's defaults unless ARGS
# give --ca-file (SSL_CERT_FILE/DIR are cleared so that the environment cannot add to it).
run() {
  local host=$1
  shift
  last_run=(--domains "$work/domains.yaml" --pins "$work/pins" --no-revocation
    --resolve "$host:$NGX:127.0.0.1" "$@")
  probe --format json >"$work/report.json"
}
last_run=()

# probe ARGS...: pinprobe check with the last run's arguments (exit 0 or 1 expected); text is
# not wrapped (COLUMNS=400) so that lines can be matched whole.
probe() {
  local rc=0
  env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy -u ALL_PROXY -u all_proxy \
    -u NO_PROXY -u no_proxy -u SSL_CERT_FILE -u SSL_CERT_DIR COLUMNS=400 \
    "$pinprobe" check "$@" "${last_run[@]}" 2>"$work/stderr" || rc=$?
  if ((rc > 1)); then
    echo "pinprobe exited $rc: $(cat "$work/stderr")" >&2
    exit 1
  fi
}

# text_has LINE...: the text report of the last run's arguments holds every LINE (evidence
# keys may repeat there, e.g. `hint`; the JSON object keeps one value per key).
text_has() {
  probe --format text --no-color >"$work/report.txt"
  local line
  for line in "$@"; do
    grep -qF -- "$line" "$work/report.txt" || {
      echo "the text report lacks: $line" >&2
      cat "$work/report.txt" >&2
      exit 1
    }
  done
}

# expect CODE...: the one target's finding codes, in order.
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

# check_py EXPR: asserts a python expression over the target `t`, the report `r`, `ev` (code ->
# evidence as a dict of lists: keys may repeat), `msg` (code -> message) and `chain`.
check_py() {
  python3 - "$work/report.json" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r["targets"][0]
ev = {}
msg = {}
for f in t["findings"]:
    d = {}
    e = f.get("evidence", {})
    pairs = e.items() if isinstance(e, dict) else [(p[0], p[1]) for p in e]
    for k, v in pairs:
        for item in (v if isinstance(v, list) else [v]):
            d.setdefault(k, []).append(item)
    ev[f["code"]] = d
    msg[f["code"]] = f.get("message", "")
chain = t["tls"]["chain"]
if not eval(sys.argv[2]):
    print("assertion failed:", sys.argv[2])
    print(json.dumps(t, indent=1)[:6000])
    sys.exit(1)
PY
}

direct=(--no-proxy)
bump=(--proxy "http://127.0.0.1:$SQ_BUMP")
tunnel=(--proxy "http://127.0.0.1:$SQ_PLAIN")
inspection='CN=Pinprobe Inspection CA,O=pinprobe tests'

case $scenario in
  direct-ok)
    domains ok.pinprobe.test; run ok.pinprobe.test "${direct[@]}"; expect TLS_OK
    check_py "t['tls']['status'] == 'handshake_ok' and len(chain) == 2 and ev['TLS_OK']['verified_path'][0].endswith('CN=Pinprobe Test Root,O=pinprobe tests') and any('Pinprobe Test Root' in v for v in ev['TLS_OK']['pin_root'])" ;;
  proxy-tunnel)
    domains ok.pinprobe.test; run ok.pinprobe.test "${tunnel[@]}"; expect TLS_OK
    check_py "t['tcp']['proxy']['status'] == 'tunnel_ok' and 'Pinprobe Test Issuing CA' in chain[1]['subject']" ;;
  bump-managed)
    # The inspection root is in the store compared against: a managed device.
    domains ok.pinprobe.test; run ok.pinprobe.test "${bump[@]}" --ca-file "$pki/inspect.pem"
    expect TLS_INTERCEPTED
    check_py "t['tcp']['proxy']['status'] == 'tunnel_ok' and ev['TLS_INTERCEPTED']['resigning_ca'] == ['$inspection'] and ev['TLS_INTERCEPTED']['anchor'] == ['$inspection'] and ev['TLS_INTERCEPTED']['system_trust'][0].startswith('managed device') and 'browsers stay silent' in ev['TLS_INTERCEPTED']['system_trust'][0] and msg['TLS_INTERCEPTED'].endswith('(managed device)') and 'Pinprobe Inspection CA' in msg['TLS_INTERCEPTED'] and chain[0]['subject'] == 'CN=ok.pinprobe.test' and 'Inspection' in chain[0]['issuer'] and ev['TLS_INTERCEPTED']['pinset'] == ['lab'] and ev['TLS_INTERCEPTED']['system_store'] == ['--ca-file $pki/inspect.pem']"
    # squid signs its mimicked leaves with the inspection CA's own key.
    text_has "hint: the leaf reuses the key of its issuer '$inspection'" ;;
  bump-untrusted)
    # The same interception on a device that does not trust the inspection root.
    domains ok.pinprobe.test; run ok.pinprobe.test "${bump[@]}"
    expect TLS_INTERCEPTED
    check_py "ev['TLS_INTERCEPTED']['resigning_ca'] == ['$inspection'] and ev['TLS_INTERCEPTED']['system_trust'][0].startswith('untrusted man-in-the-middle') and msg['TLS_INTERCEPTED'].endswith('(untrusted man-in-the-middle)')" ;;
  bump-mtls)
    # ssl-bump terminates TLS itself: the origin's client-certificate request never reaches us.
    domains mtls.pinprobe.test true; run mtls.pinprobe.test "${bump[@]}" --ca-file "$pki/inspect.pem"
    expect MTLS_NOT_REQUESTED TLS_INTERCEPTED
    check_py "ev['TLS_INTERCEPTED']['resigning_ca'] == ['$inspection'] and chain[0]['subject'] == 'CN=mtls.pinprobe.test'" ;;
  expired)
    domains expired.pinprobe.test; run expired.pinprobe.test "${direct[@]}"; expect CERT_EXPIRED
    check_py "ev['CERT_EXPIRED']['subject'] == ['CN=expired.pinprobe.test'] and ev['CERT_EXPIRED']['not_after'][0] < ev['CERT_EXPIRED']['now'][0]" ;;
  not-yet-valid)
    domains future.pinprobe.test; run future.pinprobe.test "${direct[@]}"; expect CERT_NOT_YET_VALID
    check_py "ev['CERT_NOT_YET_VALID']['subject'] == ['CN=future.pinprobe.test'] and ev['CERT_NOT_YET_VALID']['not_before'][0] > ev['CERT_NOT_YET_VALID']['now'][0]" ;;
  expires-soon)
    domains soon.pinprobe.test; run soon.pinprobe.test "${direct[@]}"; expect TLS_OK CERT_EXPIRES_SOON
    check_py "ev['CERT_EXPIRES_SOON']['days_left'][0] in ('4', '5') and ev['CERT_EXPIRES_SOON']['warn_days'] == ['14']" ;;
  wrong-host)
    domains wronghost.pinprobe.test; run wronghost.pinprobe.test "${direct[@]}"
    expect CERT_HOSTNAME_MISMATCH
    check_py "ev['CERT_HOSTNAME_MISMATCH']['host'] == ['wronghost.pinprobe.test'] and ev['CERT_HOSTNAME_MISMATCH']['dns_names'] == ['other.pinprobe.test']" ;;
  self-signed)
    domains selfsigned.pinprobe.test; run selfsigned.pinprobe.test "${direct[@]}"
    expect TLS_INTERCEPTED
    check_py "ev['TLS_INTERCEPTED']['resigning_ca'] == ['CN=selfsigned.pinprobe.test'] and 'self-signed' in msg['TLS_INTERCEPTED'] and len(chain) == 1"
    text_has "hint: the leaf is self-signed" ;;
  chain-completed)
    # Leaf only: the judge fetches the intermediate from the leaf's caIssuers URL (plain HTTP,
    # even with --no-revocation) and then judges the completed chain.
    domains aia.pinprobe.test; run aia.pinprobe.test "${direct[@]}"
    expect CERT_CHAIN_INCOMPLETE TLS_OK
    check_py "ev['CERT_CHAIN_INCOMPLETE']['ca_issuers_url'] == ['http://127.0.0.1:$WEB/issuing.crt'] and ev['CERT_CHAIN_INCOMPLETE']['fetched'] == ['CN=Pinprobe Test Issuing CA,O=pinprobe tests'] and len(chain) == 1 and t['tls']['judgment']['anchor_verified'] and t['verdict'] == 'warn'" ;;
  chain-unfetchable)
    # Leaf only and its caIssuers URL refuses: no verdict can be proven, and none is invented.
    domains noaia.pinprobe.test; run noaia.pinprobe.test "${direct[@]}"
    expect CERT_CHAIN_INCOMPLETE
    check_py "ev['CERT_CHAIN_INCOMPLETE']['missing_issuer'] == ['CN=Pinprobe Test Issuing CA,O=pinprobe tests'] and ev['CERT_CHAIN_INCOMPLETE']['fetched'] == ['attempted, failed'] and t['verdict'] == 'fail'" ;;
  other-public-ca)
    # Publicly trusted (by the test public-root set) but not what the pinset pins.
    domains public.pinprobe.test
    run public.pinprobe.test "${direct[@]}" --public-roots "$pki/otherroot.pem"
    expect TLS_PIN_MISMATCH
    check_py "ev['TLS_PIN_MISMATCH']['anchor'] == ['CN=Pinprobe Other Public Root,O=pinprobe tests'] and ev['TLS_PIN_MISMATCH']['pinset'] == ['lab'] and 'Pinprobe Other Public Issuing CA' in ev['TLS_PIN_MISMATCH']['verified_path'][0]" ;;
  *) echo "unknown scenario $scenario" >&2; exit 1 ;;
esac
echo "ok: $scenario"
