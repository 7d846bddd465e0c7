#!/usr/bin/env bash
# One revocation scenario: runs `pinprobe check --format json` (revocation on) against a host
# of the fixtures whose leaf cites one CRL or OCSP URL, and asserts the exact findings of the
# report's revocation[] entry and of the target (apply_to_targets), plus evidence where stated.
# Usage: check.sh STATE_DIR PINPROBE SCENARIO
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
need nginx squid dnsmasq openssl python3
state=$1
pinprobe=$2
scenario=$3
enter_scenario "$state" "$scenario"
mkdir -p "$work/pins"

# domains ALLOWLIST HOST...: every host on the TLS origin's port, revocation from the chains.
domains() {
  local allowlist=$1 hosts="" h
  shift
  resolve=()
  for h in "$@"; do
    hosts+="${hosts:+, }\"$h\""
    resolve+=(--resolve "$h:$NGX:127.0.0.1")
  done
  cat >"$work/domains.yaml" <<YAML
version: 1
groups:
  - name: lab
    allowlist: "$allowlist"
    pins: lab
    ports: [$NGX]
    hosts: [$hosts]
revocation:
  from_chain: true
  urls: []
YAML
}

# The lab pinset: the fixtures' test root, so that the TLS part is judged TLS_OK.
write_lab_pinset "$work/pins" "$state/pki/root.pem" "Pinprobe Revocation Root" "the revocation fixtures' test root"

# run ARGS...: pinprobe's JSON report into $work/report.json (exit 0 or 1 expected). The
# origin's names are pinned with --resolve (a DNS answer of 127.0.0.1 would be a sinkhole); the
# revocation hosts are resolved by the fixtures' dnsmasq (the HTTP client honours --dns-server,
# not --resolve).
run() {
  local rc=0
  last_run=(--domains "$work/domains.yaml" --pins "$work/pins" --dns-server "127.0.0.1:$DNS"
    --timeout 5s "${resolve[@]}" "$@")
  env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy -u ALL_PROXY -u all_proxy \
    -u NO_PROXY -u no_proxy \
    "$pinprobe" check --format json "${last_run[@]}" >"$work/report.json" 2>"$work/stderr" ||
    rc=$?
  if ((rc > 1)); then
    echo "pinprobe exited $rc: $(cat "$work/stderr")" >&2
    exit 1
  fi
  echo "$rc" >"$work/rc"
  # The exit status the findings imply, and the published schema, for every real report.
  python3 "$here/../reports/exit_status.py" "$work/report.json" "$rc" || exit 1
  python3 "$here/../../schema/validate_report.py" "$here/../../../schema/report-v1.schema.json" \
    "$work/report.json" >"$work/schema.out" 2>&1 || { cat "$work/schema.out" >&2; exit 1; }
}
last_run=()

# expect TARGET_CODES REVOCATION_CODES [PYTHON_EXPR]: the first target's finding codes and the
# one revocation[] entry's finding codes, exactly and in order (space-separated); then a python
# expression over r (report), t (target), rv (the revocation entry), tev / rev and tmsg / rmsg
# (code -> evidence / message of the target's / the entry's findings) and rc (exit code).
expect() {
  python3 - "$work/report.json" "$(cat "$work/rc")" "$@" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
rc = int(sys.argv[2])
want_t, want_rv = sys.argv[3].split(), sys.argv[4].split()
expr = sys.argv[5] if len(sys.argv) > 5 else "True"
t = r["targets"][0]
def fail(why):
    print(why)
    print(json.dumps({"target_findings": t["findings"], "revocation": r["revocation"]},
                     indent=1)[:6000])
    sys.exit(1)
if len(r["revocation"]) != 1:
    fail("expected one revocation entry, got %d" % len(r["revocation"]))
rv = r["revocation"][0]
codes_t = [f["code"] for f in t["findings"]]
codes_rv = [f["code"] for f in rv["findings"]]
if codes_t != want_t:
    fail("target findings: expected %s, got %s" % (want_t, codes_t))
if codes_rv != want_rv:
    fail("revocation findings: expected %s, got %s" % (want_rv, codes_rv))
tev = {f["code"]: f["evidence"] for f in t["findings"]}
rev = {f["code"]: f["evidence"] for f in rv["findings"]}
tmsg = {f["code"]: f["message"] for f in t["findings"]}
rmsg = {f["code"]: f["message"] for f in rv["findings"]}
if not eval(expr):
    fail("assertion failed: " + expr)
PY
}

crl=http://crl.pinprobe.test:$WEB
ocsp=http://ocsp.pinprobe.test:$OCSP
# The revoked leaves' serials and their issuer, as the report spells them.
serial() { openssl x509 -in "$state/pki/$1.pem" -noout -serial | cut -d= -f2; }
issuer="CN=Pinprobe Revocation Issuing CA,O=pinprobe tests"
# Every scenario: the TLS part passed against the pinned test root.
tls_ok="t['tls']['status'] == 'handshake_ok' and t['tls']['judgment']['matched_label'] == 'Pinprobe Revocation Root'"
direct="rv['http']['through_proxy'] == False and rv['http']['address'] == '127.0.0.1'"

case $scenario in
  crl-good)
    domains "*.pinprobe.test" crlgood.pinprobe.test; run --no-proxy
    expect "TLS_OK REVOCATION_OK" "REVOCATION_OK" \
      "$tls_ok and $direct and rv['url'] == '$crl/good.crl' and rv['kind'] == 'crl' and rv['status'] == 'good' and rv['verdict'] == 'pass' and t['verdict'] == 'pass' and rc == 0 and tev['REVOCATION_OK']['urls'] == '$crl/good.crl' and rev['REVOCATION_OK']['content_type'] == 'application/pkix-crl' and rev['REVOCATION_OK']['signer'] != ''" ;;
  crl-revoked)
    domains "*.pinprobe.test" crlrevoked.pinprobe.test; run --no-proxy
    expect "TLS_OK CERT_REVOKED" "CERT_REVOKED" \
      "$tls_ok and $direct and rv['url'] == '$crl/revoked.crl' and rv['status'] == 'revoked' and t['verdict'] == 'fail' and rc == 1 and tev['CERT_REVOKED']['source'] == 'crl' and tev['CERT_REVOKED']['reason'] == 'keyCompromise' and tev['CERT_REVOKED']['serial'] == '$(serial crlrevoked)' and tev['CERT_REVOKED']['certificate'] == 'CN=crlrevoked.pinprobe.test' and tev['CERT_REVOKED']['issuer'] == '$issuer'" ;;
  crl-stale)
    domains "*.pinprobe.test" crlstale.pinprobe.test; run --no-proxy
    expect "TLS_OK REVOCATION_STALE" "REVOCATION_STALE" \
      "$tls_ok and rv['status'] == 'error' and t['verdict'] == 'fail' and rc == 1 and rv['next_update'] < r['started_at'] and rmsg['REVOCATION_STALE'].startswith('the CRL expired: nextUpdate ') and tev['REVOCATION_STALE']['cited_by'] == 'CN=crlstale.pinprobe.test' and tmsg['REVOCATION_STALE'].startswith('revocation URL $crl/stale.crl (cited by crlstale.pinprobe.test): ')" ;;
  crl-wrong-signer)
    domains "*.pinprobe.test" crlbadsig.pinprobe.test; run --no-proxy
    expect "TLS_OK REVOCATION_SIGNATURE_INVALID" "REVOCATION_SIGNATURE_INVALID" \
      "$tls_ok and rmsg['REVOCATION_SIGNATURE_INVALID'] == \"the CRL is not signed by its issuer's key\" and rv['status'] == 'error' and t['verdict'] == 'fail' and rc == 1" ;;
  crl-garbage)
    domains "*.pinprobe.test" crlgarbage.pinprobe.test; run --no-proxy
    expect "TLS_OK REVOCATION_BAD_RESPONSE" "REVOCATION_BAD_RESPONSE" \
      "$tls_ok and rv['http']['status'] == 200 and rv['http']['content_type'] == 'application/pkix-crl' and rv['http']['size'] == 700 and rmsg['REVOCATION_BAD_RESPONSE'].startswith('the answer is not a CRL (700 bytes)') and t['verdict'] == 'fail' and rc == 1" ;;
  crl-blocked-by-proxy)
    domains "*.pinprobe.test" crlblocked.pinprobe.test; run --no-proxy
    expect "TLS_OK REVOCATION_BLOCKED_BY_PROXY" "REVOCATION_BLOCKED_BY_PROXY" \
      "$tls_ok and rev['REVOCATION_BLOCKED_BY_PROXY']['via'] == '1.1 webgw.corp.example (McAfee Web Gateway 11.2)' and rev['REVOCATION_BLOCKED_BY_PROXY']['status'] == '403' and rev['REVOCATION_BLOCKED_BY_PROXY']['content_type'].startswith('text/html') and 'McAfee Web Gateway' in tmsg['REVOCATION_BLOCKED_BY_PROXY'] and t['verdict'] == 'fail' and rc == 1"
    # The same blocked run through every format's real consumer (schema, JUnit, promtool, Chromium).
    bash "$here/../reports/real_run.sh" "$pinprobe" "$work/real" "${last_run[@]}" ;;
  crl-refused)
    domains "*.pinprobe.test" crlrefused.pinprobe.test; run --no-proxy
    expect "TLS_OK REVOCATION_UNREACHABLE" "REVOCATION_UNREACHABLE" \
      "$tls_ok and rv['http']['tcp'] == 'refused' and 'status' not in rev['REVOCATION_UNREACHABLE'] and 'refused' in tmsg['REVOCATION_UNREACHABLE'] and rv['url'] == 'http://crl.pinprobe.test:$CLOSED/refused.crl' and t['verdict'] == 'fail' and rc == 1" ;;
  crl-nxdomain)
    domains "*.pinprobe.test" crlnxdomain.pinprobe.test; run --no-proxy
    expect "TLS_OK REVOCATION_DNS_FAILED" "REVOCATION_DNS_FAILED" \
      "$tls_ok and rv['http']['dns'] == 'nxdomain' and rmsg['REVOCATION_DNS_FAILED'] == 'the revocation host does not resolve: nxdomain' and 'status' not in rev['REVOCATION_DNS_FAILED'] and rv['http']['tcp'] == 'not_run' and t['verdict'] == 'fail' and rc == 1" ;;
  ocsp-good)
    domains "*.pinprobe.test" ocspgood.pinprobe.test; run --no-proxy
    expect "TLS_OK REVOCATION_OK" "REVOCATION_OK" \
      "$tls_ok and $direct and rv['url'] == '$ocsp' and rv['kind'] == 'ocsp' and rv['status'] == 'good' and t['verdict'] == 'pass' and rc == 0 and rev['REVOCATION_OK']['signer'] == 'delegated responder CN=Pinprobe Revocation OCSP Responder' and rev['REVOCATION_OK']['certificate'] == 'CN=ocspgood.pinprobe.test' and rev['REVOCATION_OK']['content_type'] == 'application/ocsp-response' and rv['this_update'] != '' and rv['next_update'] > rv['this_update']" ;;
  ocsp-revoked)
    domains "*.pinprobe.test" ocsprevoked.pinprobe.test; run --no-proxy
    expect "TLS_OK CERT_REVOKED" "CERT_REVOKED" \
      "$tls_ok and rv['status'] == 'revoked' and t['verdict'] == 'fail' and rc == 1 and tev['CERT_REVOKED']['source'] == 'ocsp' and tev['CERT_REVOKED']['reason'] == 'keyCompromise' and tev['CERT_REVOKED']['serial'] == '$(serial ocsprevoked)' and tev['CERT_REVOKED']['signer'] == 'delegated responder CN=Pinprobe Revocation OCSP Responder'" ;;
  ocsp-unknown)
    domains "*.pinprobe.test" ocspunknown.pinprobe.test; run --no-proxy
    expect "TLS_OK REVOCATION_BAD_RESPONSE" "REVOCATION_BAD_RESPONSE" \
      "$tls_ok and rv['status'] == 'unknown' and tev['REVOCATION_BAD_RESPONSE']['serial'] == '7E57' and 'unknown' in tmsg['REVOCATION_BAD_RESPONSE'] and 'ocspunknown.pinprobe.test' in tmsg['REVOCATION_BAD_RESPONSE'] and t['verdict'] == 'fail' and rc == 1" ;;
  actions)
    # Four hosts, three revocation failures: the action list names the failing revocation hosts
    # from their URLs (never the vendor's usual DigiCert hosts), one action per device, each
    # with the targets and URLs behind it; the remediation of each finding names its host.
    domains "*.pinprobe.test" crlblocked.pinprobe.test crlrefused.pinprobe.test \
      crlnxdomain.pinprobe.test crlgood.pinprobe.test
    run --no-proxy
    python3 - "$work/report.json" "$WEB" "$CLOSED" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
web, closed = sys.argv[2], sys.argv[3]
acts = r["actions"]
def fail(why):
    print(why); print(json.dumps(acts, indent=1)); sys.exit(1)
if [a["kind"] for a in acts] != ["allow_revocation", "allow_revocation"]:
    fail("expected two allow_revocation actions")
by_device = {(a["device"], a["proxy"]): a for a in acts}
proxy = by_device.get(("proxy", ""))      # a transparent proxy answered with its page
firewall = by_device.get(("firewall", ""))
if proxy is None or firewall is None:
    fail("expected one proxy and one firewall action")
blocked = [x["url"] for x in r["revocation"] if x["findings"][0]["code"] == "REVOCATION_BLOCKED_BY_PROXY"]
refused = f"http://crl.pinprobe.test:{closed}/refused.crl"
nx = [x["url"] for x in r["revocation"] if x["findings"][0]["code"] == "REVOCATION_DNS_FAILED"]
if len(blocked) != 1 or len(nx) != 1:
    fail("fixture URLs not found")
host_port = lambda u: u.split("/")[2] if ":" in u.split("/")[2] else u.split("/")[2] + ":80"
if proxy["urls"] != blocked or proxy["rules"] != [host_port(blocked[0])] or proxy["targets"] != ["crlblocked.pinprobe.test:%s" % r["targets"][0]["port"]]:
    fail("the proxy action")
if proxy["codes"] != ["REVOCATION_BLOCKED_BY_PROXY"]:
    fail("the proxy action's codes")
if sorted(firewall["urls"]) != sorted([refused, nx[0]]) or sorted(firewall["rules"]) != sorted([host_port(refused), host_port(nx[0])]):
    fail("the firewall action")
if sorted(firewall["codes"]) != ["REVOCATION_DNS_FAILED", "REVOCATION_UNREACHABLE"]:
    fail("the firewall action's codes")
if len(firewall["targets"]) != 2 or any("crlgood" in t for t in firewall["targets"] + proxy["targets"]):
    fail("the firewall action's targets")
for a in acts:
    if "digicert" in a["action"].lower() or not all(rule in a["action"] for rule in a["rules"]):
        fail("the sentence must name the rules, not the vendor's hosts: " + a["action"])
for e in r["revocation"]:
    for f in e["findings"]:
        if f["code"] != "REVOCATION_OK" and (host_port(e["url"]) not in f["remediation"] or "digicert" in f["remediation"]):
            fail("remediation does not name " + host_port(e["url"]) + ": " + f["remediation"])
PY
    # The text report opens with the same list; the HTML report's first section is it, and has
    # one problem card per failing URL, not one per host and one per URL.
    env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy -u ALL_PROXY -u all_proxy \
      COLUMNS=400 "$pinprobe" check --format text --no-color "${last_run[@]}" >"$work/report.txt" || true
    env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy -u ALL_PROXY -u all_proxy \
      "$pinprobe" check --format html "${last_run[@]}" >"$work/report.html" || true
    python3 - "$work/report.txt" "$work/report.html" "$work/report.json" <<'PY'
import json, re, sys
text, html, r = open(sys.argv[1]).read(), open(sys.argv[2]).read(), json.load(open(sys.argv[3]))
lines = text.splitlines()
assert lines[1] == "" and lines[2] == "what to change", lines[:4]
for a in r["actions"]:
    assert any(a["action"] in l for l in lines[3:12]), a["action"]
# One line per passing target.
at = [i for i, l in enumerate(lines) if l.startswith("  PASS  crlgood.pinprobe.test:")]
assert len(at) == 1 and lines[at[0]].rstrip().endswith("TLS_OK"), at
assert not lines[at[0] + 1].startswith("        "), lines[at[0]:at[0] + 2]
main = html[html.index("<main>"):]
assert main.index("<h2>What to change</h2>") < main.index("<h2>Allowlist matrix</h2>"), "order"
cards = re.findall(r'<details class="fail"><summary>.*?<code>([A-Z_]+)</code>', html)
assert sorted(cards) == ["REVOCATION_BLOCKED_BY_PROXY", "REVOCATION_DNS_FAILED", "REVOCATION_UNREACHABLE"], cards
assert "crlnxdomain.pinprobe.test:" in html[html.index("<h2>Allowlist matrix</h2>"):html.index("<h2>Targets</h2>")]
print("ok: actions in json, text and html")
PY
    ;;
  ocsp-shared-responder)
    # Three sites behind one responder (good, unknown, revoked): one OCSP entry, and each
    # certificate's answer reaches only the target presenting it.
    domains "*.pinprobe.test" ocspgood.pinprobe.test ocspunknown.pinprobe.test \
      ocsprevoked.pinprobe.test
    run --no-proxy
    python3 - "$work/report.json" "$ocsp" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
codes = {t["host"]: [f["code"] for f in t["findings"]] for t in r["targets"]}
want = {"ocspgood.pinprobe.test": ["TLS_OK", "REVOCATION_OK"],
        "ocspunknown.pinprobe.test": ["TLS_OK", "REVOCATION_BAD_RESPONSE"],
        "ocsprevoked.pinprobe.test": ["TLS_OK", "CERT_REVOKED"]}
assert codes == want, codes
verdicts = {t["host"]: t["verdict"] for t in r["targets"]}
assert verdicts["ocspgood.pinprobe.test"] == "pass", verdicts
assert len(r["revocation"]) == 1 and r["revocation"][0]["url"] == sys.argv[2], r["revocation"]
entry = r["revocation"][0]
assert [f["code"] for f in entry["findings"]] == ["REVOCATION_BAD_RESPONSE", "CERT_REVOKED"], entry
assert sorted(entry["cited_by"]) == ["CN=ocspgood.pinprobe.test", "CN=ocsprevoked.pinprobe.test",
                                     "CN=ocspunknown.pinprobe.test"], entry["cited_by"]
PY
    ;;
  proxy-crl-good | proxy-ocsp-good)
    if [[ $scenario == proxy-crl-good ]]; then
      host=crlgood.pinprobe.test url=$crl/good.crl
    else
      host=ocspgood.pinprobe.test url=$ocsp
    fi
    before=$(wc -l <"$state/squid-access.log")
    domains "*.pinprobe.test" "$host"
    resolve=()  # as behind a real proxy: squid resolves every name (its hosts_file)
    run --proxy "http://127.0.0.1:$SQUID"
    expect "DNS_RESOLVED_BY_PROXY TLS_OK REVOCATION_OK" "REVOCATION_OK" \
      "$tls_ok and t['tcp']['proxy']['status'] == 'tunnel_ok' and rv['url'] == '$url' and rv['http']['through_proxy'] == True and 'squid' in rv['http']['via'] and rev['REVOCATION_OK']['through_proxy'] == 'true' and 'squid' in rev['REVOCATION_OK']['via'] and rv['http']['dns'] == 'not_run' and t['verdict'] == 'pass' and rc == 0"
    # squid's own log shows the GET and the CONNECT to the origin it relayed (squid logs a
    # tunnel when it closes: wait for it, bounded).
    for ((i = 0; i < 50; i++)); do
      tail -n +"$((before + 1))" "$state/squid-access.log" >"$work/squid-access.log"
      grep -q " GET $url" "$work/squid-access.log" &&
        grep -q " CONNECT $host:$NGX " "$work/squid-access.log" && break
      sleep 0.1
    done
    grep -q " GET $url" "$work/squid-access.log" ||
      { echo "squid did not relay the GET of $url:" >&2; cat "$work/squid-access.log" >&2; exit 1; }
    grep -q " CONNECT $host:$NGX " "$work/squid-access.log" ||
      { echo "squid did not relay the CONNECT to $host:" >&2; cat "$work/squid-access.log" >&2; exit 1; }
    ;;
  crl-fetched-once)
    # 20 hosts on one wildcard vhost: every chain cites the same CRL, fetched exactly once.
    hosts=()
    for ((i = 1; i <= 20; i++)); do hosts+=("$(printf 'h%02d' "$i").fan.pinprobe.test"); done
    before=$(wc -l <"$state/fan-access.log")
    domains "*.fan.pinprobe.test" "${hosts[@]}"; run --no-proxy
    after=$(wc -l <"$state/fan-access.log")
    python3 - "$work/report.json" "http://crl.pinprobe.test:$FAN/fan.crl" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
url = sys.argv[2]
assert len(r["targets"]) == 20, len(r["targets"])
for t in r["targets"]:
    codes = [f["code"] for f in t["findings"]]
    assert codes == ["TLS_OK", "REVOCATION_OK"], (t["host"], codes)
entries = [e for e in r["revocation"] if e["url"] == url]
assert len(r["revocation"]) == 1 and len(entries) == 1, r["revocation"]
assert [f["code"] for f in entries[0]["findings"]] == ["REVOCATION_OK"], entries[0]["findings"]
assert entries[0]["cited_by"] == ["CN=*.fan.pinprobe.test"], entries[0]["cited_by"]
PY
    if ((after - before != 1)); then
      echo "the CRL server logged $((after - before)) requests, expected 1:" >&2
      tail -n +"$((before + 1))" "$state/fan-access.log" >&2
      exit 1
    fi ;;
  *) echo "unknown scenario $scenario" >&2; exit 1 ;;
esac
echo "ok: $scenario"
