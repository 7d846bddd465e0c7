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
enter_scenario "$state" "$scenario"
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

# run HOST ARGS...: pinprobe's JSON report into $work/report.json, valid against the published
# schema, with the exit status its findings imply (0, or 1 on a fail finding). The name
# resolves to loopback by --resolve; the system store is OpenSSL's defaults unless ARGS give
# --ca-file (SSL_CERT_FILE/DIR are cleared so that the environment cannot add to it).
run() {
  local host=$1
  shift
  last_run=(--domains "$work/domains.yaml" --pins "$work/pins" --no-revocation
    --resolve "$host:$NGX:127.0.0.1" "$@")
  probe --format json >"$work/report.json"
  python3 "$here/../reports/exit_status.py" "$work/report.json" "$last_rc" || exit 1
  json_rc=$last_rc
  python3 "$here/../../schema/validate_report.py" "$here/../../../schema/report-v1.schema.json" \
    "$work/report.json" >"$work/schema.out" 2>&1 || { cat "$work/schema.out" >&2; exit 1; }
}
last_run=()
last_rc=0
json_rc=0

# probe ARGS...: pinprobe check with the last run's arguments (exit 0 or 1 expected; the status
# in last_rc); text is not wrapped (COLUMNS=400) so that lines can be matched whole.
probe() {
  local rc=0
  env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy -u ALL_PROXY -u all_proxy \
    -u NO_PROXY -u no_proxy -u SSL_CERT_FILE -u SSL_CERT_DIR COLUMNS=400 \
    "$pinprobe" check "$@" "${last_run[@]}" 2>"$work/stderr" || rc=$?
  if ((rc > 1)); then
    echo "pinprobe exited $rc: $(cat "$work/stderr")" >&2
    exit 1
  fi
  last_rc=$rc
}

# text_has LINE...: the text report of the last run's arguments holds every LINE (evidence
# keys may repeat there, e.g. `hint`; the JSON object keeps one value per key).
text_has() {
  probe --format text --no-color >"$work/report.txt"
  ((last_rc == json_rc)) || { echo "--format text exited $last_rc, --format json $json_rc" >&2; exit 1; }
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
    check_py "ev['TLS_INTERCEPTED']['resigning_ca'] == ['$inspection'] and ev['TLS_INTERCEPTED']['system_trust'][0].startswith('untrusted man-in-the-middle') and msg['TLS_INTERCEPTED'].endswith('(untrusted man-in-the-middle)')"
    # The same intercepted run through every format's real consumer (schema, JUnit, promtool,
    # Chromium).
    bash "$here/../reports/real_run.sh" "$pinprobe" "$work/real" "${last_run[@]}" ;;
  bump-mtls)
    # ssl-bump terminates TLS itself: the origin's client-certificate request never reaches us.
    domains mtls.pinprobe.test true; run mtls.pinprobe.test "${bump[@]}" --ca-file "$pki/inspect.pem"
    expect MTLS_NOT_REQUESTED TLS_INTERCEPTED
    check_py "ev['TLS_INTERCEPTED']['resigning_ca'] == ['$inspection'] and chain[0]['subject'] == 'CN=mtls.pinprobe.test'" ;;
  bump-actions)
    # Two groups re-signed by the same ssl-bump proxy: ONE action excludes both allowlist
    # patterns on that proxy, naming the re-signing CA and both targets; ONE problem card; the
    # chain info series carries the re-signing CA for each target.
    cat >"$work/domains.yaml" <<YAML
version: 1
groups:
  - name: lab
    allowlist: "*.pinprobe.test"
    pins: lab
    ports: [$NGX]
    hosts: ["ok.pinprobe.test"]
  - name: lab-mtls
    allowlist: "mtls.pinprobe.test"
    pins: lab
    ports: [$NGX]
    hosts: ["mtls.pinprobe.test"]
revocation:
  from_chain: false
  urls: []
YAML
    run ok.pinprobe.test "${bump[@]}" --ca-file "$pki/inspect.pem" \
      --resolve "mtls.pinprobe.test:$NGX:127.0.0.1"
    python3 - "$work/report.json" "http://127.0.0.1:$SQ_BUMP" "$NGX" "$inspection" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
proxy, port, ca = sys.argv[2], sys.argv[3], sys.argv[4]
acts = r["actions"]
assert len(acts) == 1, json.dumps(acts, indent=1)
a = acts[0]
assert a["kind"] == "exclude_from_inspection" and a["device"] == "proxy" and a["proxy"] == proxy, a
assert a["rules"] == ["*.pinprobe.test", "mtls.pinprobe.test"], a
assert a["targets"] == [f"ok.pinprobe.test:{port}", f"mtls.pinprobe.test:{port}"], a
assert len(a["details"]) == 1 and a["details"][0].startswith("re-signed by " + ca), a
assert a["action"] == f"Exclude *.pinprobe.test, mtls.pinprobe.test from TLS inspection on proxy {proxy}", a
PY
    probe --format html >"$work/report.html"
    probe --format prom >"$work/report.prom"
    python3 - "$work/report.html" "$work/report.prom" "$inspection" <<'PY'
import re, sys
html, prom, ca = open(sys.argv[1]).read(), open(sys.argv[2]).read(), sys.argv[3]
cards = re.findall(r'<details class="fail"><summary>.*?<code>([A-Z_]+)</code>.*?</summary>', html)
assert cards == ["TLS_INTERCEPTED"], cards
assert "(2 targets)" in html and html.count('<ul class="affects">') == 1
info = [l for l in prom.splitlines() if l.startswith("pinprobe_tls_last_chain_info{")]
assert len(info) == 2 and all(f'resigning_ca="{ca}"' in l and l.endswith(" 1") for l in info), info
assert re.search(r'^pinprobe_build_info\{version="[0-9.]+",', prom, re.M), "no build_info"
print("ok: one action, one card, chain info for both")
PY
    ;;
  expired)
    domains expired.pinprobe.test; run expired.pinprobe.test "${direct[@]}"; expect CERT_EXPIRED
    check_py "ev['CERT_EXPIRED']['subject'] == ['CN=expired.pinprobe.test'] and ev['CERT_EXPIRED']['not_after'][0] < ev['CERT_EXPIRED']['now'][0]" ;;
  not-yet-valid)
    domains future.pinprobe.test; run future.pinprobe.test "${direct[@]}"; expect CERT_NOT_YET_VALID
    check_py "ev['CERT_NOT_YET_VALID']['subject'] == ['CN=future.pinprobe.test'] and ev['CERT_NOT_YET_VALID']['not_before'][0] > ev['CERT_NOT_YET_VALID']['now'][0]" ;;
  expires-soon)
    domains soon.pinprobe.test; run soon.pinprobe.test "${direct[@]}"; expect TLS_OK CERT_EXPIRES_SOON
    check_py "ev['CERT_EXPIRES_SOON']['days_left'][0] in ('4', '5') and ev['CERT_EXPIRES_SOON']['warn_days'] == ['14']" ;;
  weak)
    # A genuine chain whose leaf is weak: TLS_OK, then CERT_WEAK naming the leaf and both
    # weaknesses, with the vendor-facing wording (no re-signing advice beside TLS_OK).
    domains weak.pinprobe.test; run weak.pinprobe.test "${direct[@]}"; expect TLS_OK CERT_WEAK
    check_py "ev['CERT_WEAK']['subject'] == ['CN=weak.pinprobe.test'] and ev['CERT_WEAK']['key'] == ['RSA 1024'] and 'sha1' in ev['CERT_WEAK']['signature_algorithm'][0].lower() and msg['CERT_WEAK'] == \"'CN=weak.pinprobe.test' is signed with \" + ev['CERT_WEAK']['signature_algorithm'][0] + ' and RSA key of 1024 bits' and t['verdict'] == 'warn'"
    python3 - "$work/report.json" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["targets"][0]
weak = [f for f in t["findings"] if f["code"] == "CERT_WEAK"][0]
assert weak["severity"] == "warn", weak
assert "re-signed" not in weak["remediation"] and "re-sign" not in weak["message"], weak
assert "vendor" in weak["remediation"], weak
PY
    # Warnings pass unless --strict: the same run with --strict exits 1.
    probe --format json --strict >"$work/strict.json"
    ((last_rc == 1)) || { echo "--strict on CERT_WEAK exited $last_rc" >&2; exit 1; } ;;
  chain-completed-revocation)
    # The leaf-only chain with revocation on: its caIssuers URL is listed in revocation[] as a
    # CA_ISSUERS_HOST entry that served the intermediate.
    domains aia.pinprobe.test
    sed -i 's/^  from_chain: false$/  from_chain: true/' "$work/domains.yaml"
    last_run=(--domains "$work/domains.yaml" --pins "$work/pins" --timeout 5s
      --resolve "aia.pinprobe.test:$NGX:127.0.0.1" "${direct[@]}")
    probe --format json >"$work/report.json"
    python3 "$here/../reports/exit_status.py" "$work/report.json" "$last_rc" || exit 1
    python3 - "$work/report.json" "http://127.0.0.1:$WEB/issuing.crt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
url = sys.argv[2]
entries = [e for e in r["revocation"] if e["url"] == url]
assert len(entries) == 1, r["revocation"]
e = entries[0]
codes = [f["code"] for f in e["findings"]]
assert codes == ["CA_ISSUERS_HOST"], codes
f = e["findings"][0]
assert f["severity"] == "info", f
assert f["message"] == "caIssuers host 127.0.0.1 answered with 1 certificate(s)", f["message"]
assert e["kind"] == "ca_issuers", e["kind"]
PY
    ;;
  static-ocsp-unverified)
    # A static OCSP URL from the configuration that no certificate with a known issuer cites:
    # never asked with a bare GET, and reported as reachable-not-verified, not as a pass.
    domains ok.pinprobe.test
    sed -i "s|^  urls: \[\]$|  urls: [\"http://127.0.0.1:$WEB/ocsp\"]|" "$work/domains.yaml"
    last_run=(--domains "$work/domains.yaml" --pins "$work/pins" --timeout 5s
      --resolve "ok.pinprobe.test:$NGX:127.0.0.1" "${direct[@]}")
    probe --format json >"$work/report.json"
    python3 "$here/../reports/exit_status.py" "$work/report.json" "$last_rc" || exit 1
    python3 - "$work/report.json" "http://127.0.0.1:$WEB/ocsp" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t = r["targets"][0]
assert [f["code"] for f in t["findings"]] == ["TLS_OK"], t["findings"]
assert [e["url"] for e in r["revocation"]] == [sys.argv[2]], r["revocation"]
e = r["revocation"][0]
assert [f["code"] for f in e["findings"]] == ["REVOCATION_UNVERIFIED"], e["findings"]
f = e["findings"][0]
assert f["severity"] == "warn" and e["verdict"] == "warn", e
assert f["message"].startswith("the OCSP responder was not asked"), f["message"]
assert "no certificate with a known issuer cites this responder" in f["message"], f["message"]
assert e["source"] == "config" and e["status"] == "unknown", e
PY
    ;;
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
