#!/usr/bin/env bash
# One `pinprobe scep` scenario against the nginx fixture of setup.sh: runs pinprobe scep
# (JSON unless stated), asserts the exit code, the finding codes in order, and more where
# stated. Only loopback is touched: URLs name 127.0.0.1, or scep.pinprobe.test pinned with
# --resolve or answered by the fixture's dnsmasq; proxies are off (--no-proxy and no proxy
# variables) except the fixture's squid where a scenario names it.
# Usage: check.sh STATE_DIR PINPROBE SCENARIO
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
need nginx openssl python3 squid dnsmasq
state=$1
pinprobe=$2
scenario=$3
enter_scenario "$state" "$scenario"

# Okta's shape: https://<org>.okta.com/pki/<40 hex>/scep/<token>[/pkiclient.exe].
readonly pki_id=6d1f0b2e8a4c3957b1e0f2d4c6a8b0e2d4f6a8c0
http_url() { echo "http://127.0.0.1:$HTTP/pki/$pki_id/scep/$1${2:+/pkiclient.exe}"; }
https_url() { echo "https://scep.pinprobe.test:$HTTPS/pki/$pki_id/scep/$1${2:+/pkiclient.exe}"; }
tls=(--resolve "scep.pinprobe.test:$HTTPS:127.0.0.1" --ca-file "$pki/tlsroot.pem")

# Thumbprints as openssl prints them: "SHA1 Fingerprint=AB:CD:..."
fp() { openssl x509 -in "$pki/$1.pem" -noout -fingerprint "-$2" | sed 's/.*=//'; }
bare() { fp "$1" "$2" | tr -d ':'; }

# run EXPECTED_EXIT ARGS...: pinprobe scep into $work/out (stderr in $work/err). The per-step
# timeout is 5 s, or $PINPROBE_SCEP_TIMEOUT: the Wine runs (tests/windows) give 30 s, since
# libcurl loads Wine's whole CryptoAPI ROOT store inside the handshake (CURLSSLOPT_NATIVE_CA)
# and that took over 5 s on a loaded 2-core machine.
run() {
  local want=$1 rc=0
  shift
  env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy -u ALL_PROXY -u all_proxy \
    -u NO_PROXY -u no_proxy "$pinprobe" scep ${proxy_args:---no-proxy} \
    --timeout "${PINPROBE_SCEP_TIMEOUT:-5s}" "$@" \
    >"$work/out" 2>"$work/err" || rc=$?
  if ((rc != want)); then
    echo "pinprobe scep $* exited $rc, expected $want" >&2
    echo "stdout: $(head -c 3000 "$work/out")" >&2
    echo "stderr: $(head -c 3000 "$work/err")" >&2
    exit 1
  fi
}
# json EXPECTED_EXIT ARGS...: run with --format json; a report on stdout must validate against
# schema/scep-v1.schema.json.
json() {
  run "$1" --format json "${@:2}"
  [[ ! -s $work/out ]] || valid_json scep-v1.schema.json "$work/out"
}

# expect CODE...: the report's finding codes, in order.
expect() {
  python3 - "$work/out" "$@" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
codes = [f["code"] for f in r["findings"]]
if codes != sys.argv[2:]:
    print("expected findings", sys.argv[2:], "got", codes)
    print(json.dumps(r, indent=1)[:4000])
    sys.exit(1)
assert r["schema"] == "pinprobe.scep/v1", r["schema"]
PY
}

# check_py EXPR: a python expression over the report `r`, `ev` (code -> evidence) and
# `certs` (the served certificates), with `env` = os.environ.
check_py() {
  python3 - "$work/out" "$1" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
ev = {f["code"]: f.get("evidence", {}) for f in r["findings"]}
msg = {f["code"]: f["message"] for f in r["findings"]}
certs = r["certificates"]
env = os.environ
if not eval("(" + sys.argv[2] + ")"):
    print("assertion failed:", sys.argv[2])
    print(json.dumps(r, indent=1)[:4000])
    sys.exit(1)
PY
}

# error_names TEXT...: exit 2 already asserted; stderr must contain every TEXT, stdout empty.
error_names() {
  local t
  for t in "$@"; do
    grep -qF -- "$t" "$work/err" || { echo "stderr lacks '$t': $(cat "$work/err")" >&2; exit 1; }
  done
  [[ ! -s $work/out ]] || { echo "stdout not empty: $(cat "$work/out")" >&2; exit 1; }
}

CA_SHA1=$(bare ca sha1)
CA_SHA256=$(bare ca sha256)
RA_SHA1=$(bare ra sha1)
export CA_SHA1 CA_SHA256 RA_SHA1

case $scenario in
  http-der)
    # One DER certificate, strong caps, no expectation: the served CA is named.
    json 0 "$(http_url ca-der)"
    expect SCEP_OK
    check_py "len(certs) == 1 and certs[0]['self_signed'] and certs[0]['is_ca']
      and certs[0]['sha1_thumbprint'] == env['CA_SHA1']
      and certs[0]['sha256_fingerprint'] == env['CA_SHA256']
      and certs[0]['subject'] == 'CN=Pinprobe SCEP Root CA,O=pinprobe tests'
      and 'SHA-256' in r['capabilities'] and 'AES' in r['capabilities']
      and r['verdict'] == 'pass' and ev['SCEP_OK']['SHA-1'] == env['CA_SHA1']" ;;
  http-pkcs7-ra)
    # Degenerate PKCS#7 with CA + RA, weak caps: SCEP_CAPS_WEAK warns, the run still passes.
    json 0 "$(http_url ca-ra yes)"
    expect SCEP_CAPS_WEAK SCEP_OK
    check_py "len(certs) == 2 and certs[0]['self_signed'] and not certs[1]['self_signed']
      and not certs[1]['is_ca'] and certs[1]['sha1_thumbprint'] == env['RA_SHA1']
      and 'Pinprobe SCEP Root CA' in msg['SCEP_OK']
      and msg['SCEP_CAPS_WEAK'] == 'GetCACaps does not offer SHA-256 or AES'
      and ev['SCEP_CAPS_WEAK']['capabilities'] == 'POSTPKIOperation, SHA-1, DES3'
      and r['verdict'] == 'warn'" ;;
  http-pkiclient-path)
    # Windows appends /pkiclient.exe; the operations go to that path, the query replaced.
    json 0 "$(http_url ca-der yes)?operation=ignored" --trusted-ca "$pki/ca.pem"
    expect SCEP_OK
    check_py "r['url'].endswith('/scep/ca-der/pkiclient.exe')" ;;
  trusted-ca-pem) json 0 "$(http_url ca-der)" --trusted-ca "$pki/ca.pem"; expect SCEP_OK
    check_py "ev['SCEP_OK']['trusted CA SHA-1'] == env['CA_SHA1']" ;;
  trusted-ca-der) json 0 "$(http_url ca-ra yes)" --trusted-ca "$pki/ca.cer"
    expect SCEP_CAPS_WEAK SCEP_OK ;;
  trusted-ca-base64) json 0 "$(http_url ca-der yes)" --trusted-ca "$pki/ca.b64"; expect SCEP_OK ;;
  trusted-ca-other-root)
    json 1 "$(http_url ca-der)" --trusted-ca "$pki/other.pem"
    expect SCEP_CA_THUMBPRINT_MISMATCH
    check_py "ev['SCEP_CA_THUMBPRINT_MISMATCH']['trusted CA SHA-1'] != env['CA_SHA1']
      and ev['SCEP_CA_THUMBPRINT_MISMATCH']['served SHA-1'].startswith(env['CA_SHA1'])
      and r['verdict'] == 'fail'" ;;
  trusted-ca-intermediate)
    # The profile holds the issuing CA; the endpoint serves its root: upload the root.
    json 1 "$(http_url ca-ra yes)" --trusted-ca "$pki/issuing.pem"
    expect SCEP_CAPS_WEAK SCEP_TRUSTED_CA_NOT_ROOT
    check_py "ev['SCEP_TRUSTED_CA_NOT_ROOT']['root to upload'] ==
      'Pinprobe SCEP Root CA (SHA-1 ' + env['CA_SHA1'] + ')'
      and 'Issuing' in ev['SCEP_TRUSTED_CA_NOT_ROOT']['trusted CA']" ;;
  thumbprint-sha1-colons)
    json 0 "$(http_url ca-der)" --thumbprint "$(fp ca sha1 | tr 'A-F' 'a-f')"; expect SCEP_OK
    check_py "ev['SCEP_OK']['expected'] == env['CA_SHA1']" ;;
  thumbprint-sha1-spaces)
    # As copied from the Windows certificate dialog: space-separated pairs.
    json 0 "$(http_url ca-ra yes)" --thumbprint "$(fp ca sha1 | tr ':' ' ')"
    expect SCEP_CAPS_WEAK SCEP_OK ;;
  thumbprint-wrong)
    json 1 "$(http_url ca-der yes)" --thumbprint "$(fp other sha1)"
    expect SCEP_CA_THUMBPRINT_MISMATCH
    check_py "ev['SCEP_CA_THUMBPRINT_MISMATCH']['expected'] == '$(bare other sha1)'
      and ev['SCEP_CA_THUMBPRINT_MISMATCH']['served SHA-1'].startswith(env['CA_SHA1'])
      and 'hint' not in ev['SCEP_CA_THUMBPRINT_MISMATCH']" ;;
  thumbprint-sha256-for-sha1)
    # The CA's SHA-256 where Windows expects SHA-1: it matches, with the SHA-1 to use.
    json 0 "$(http_url ca-der)" --thumbprint "$(fp ca sha256)"
    expect SCEP_OK
    check_py "ev['SCEP_OK']['hint'] == 'Windows profiles take the SHA-1 thumbprint: ' + env['CA_SHA1']" ;;
  thumbprint-sha256-wrong)
    json 1 "$(http_url ca-der)" --thumbprint "$(fp other sha256)"
    expect SCEP_CA_THUMBPRINT_MISMATCH
    check_py "'SHA-1 thumbprint' in ev['SCEP_CA_THUMBPRINT_MISMATCH']['hint']
      and ev['SCEP_CA_THUMBPRINT_MISMATCH']['served SHA-256'].startswith(env['CA_SHA256'])" ;;
  thumbprint-ra)
    json 1 "$(http_url ca-ra yes)" --thumbprint "$(fp ra sha1)"
    expect SCEP_CAPS_WEAK SCEP_CA_THUMBPRINT_MISMATCH
    check_py "ev['SCEP_CA_THUMBPRINT_MISMATCH']['hint'] == 'Pinprobe SCEP RA is the RA certificate; the profile needs the CA Pinprobe SCEP Root CA (SHA-1 ' + env['CA_SHA1'] + ')'" ;;
  https-name)
    json 0 "$(https_url ca-ra yes)" "${tls[@]}" --trusted-ca "$pki/ca.pem"
    expect SCEP_CAPS_WEAK SCEP_OK
    check_py "r['url'].startswith('https://scep.pinprobe.test:')" ;;
  https-ip)
    json 0 "https://127.0.0.1:$HTTPS/pki/$pki_id/scep/ca-der" --ca-file "$pki/tlsroot.pem" \
      --thumbprint "$(fp ca sha1)"
    expect SCEP_OK ;;
  https-untrusted)
    # Without the fixture's TLS root the server is not verified: nothing is believed.
    json 1 "$(https_url ca-der yes)" --resolve "scep.pinprobe.test:$HTTPS:127.0.0.1"
    expect SCEP_UNREACHABLE
    check_py "'certificate' in ev['SCEP_UNREACHABLE']['detail'].lower()" ;;
  dns-server)
    # The name is answered by the fixture's dnsmasq (--dns-server), as check does.
    json 0 "$(https_url ca-der yes)" --dns-server "127.0.0.1:$DNS" --ca-file "$pki/tlsroot.pem" \
      --thumbprint "$(fp ca sha1)"
    expect SCEP_OK
    grep -q 'scep.pinprobe.test' "$state/dnsmasq.log" || { echo "dnsmasq was not asked"; exit 1; } ;;
  dns-nxdomain)
    json 1 "http://nx.pinprobe.test:$HTTP/pki/$pki_id/scep/ca-der" --dns-server "127.0.0.1:$DNS"
    expect SCEP_UNREACHABLE
    check_py "ev['SCEP_UNREACHABLE']['dns'] == 'nxdomain' and ev['SCEP_UNREACHABLE']['tcp'] == 'not_run'" ;;
  proxy)
    # Through squid as an explicit proxy (--proxy), which resolves the name itself.
    proxy_args="--proxy http://127.0.0.1:$PROXY" \
      json 0 "http://scep.pinprobe.test:$HTTP/pki/$pki_id/scep/ca-ra/pkiclient.exe" \
      --trusted-ca "$pki/ca.pem"
    expect SCEP_CAPS_WEAK SCEP_OK
    grep -q "scep.pinprobe.test:$HTTP/pki/$pki_id/scep/ca-ra/pkiclient.exe?operation=GetCACert" \
      "$state/squid-access.log" || { echo "squid did not carry GetCACert"; cat "$state/squid-access.log"; exit 1; } ;;
  closed-port)
    json 1 "http://127.0.0.1:$CLOSED/pki/$pki_id/scep/ca-der/pkiclient.exe"
    expect SCEP_UNREACHABLE
    check_py "ev['SCEP_UNREACHABLE']['tcp'] == 'refused' and r['certificates'] == []" ;;
  html-body)
    json 1 "$(http_url html yes)"
    expect SCEP_BAD_RESPONSE
    check_py "ev['SCEP_BAD_RESPONSE']['content type'].startswith('text/html')
      and ev['SCEP_BAD_RESPONSE']['status'] == '200'
      and msg['SCEP_BAD_RESPONSE'] == 'GetCACert did not return a certificate or PKCS#7'" ;;
  garbage-body)
    json 1 "$(http_url garbage)"
    expect SCEP_BAD_RESPONSE
    check_py "ev['SCEP_BAD_RESPONSE']['error'].startswith('GetCACert')" ;;
  not-found)
    json 1 "$(http_url missing yes)"
    expect SCEP_BAD_RESPONSE
    check_py "msg['SCEP_BAD_RESPONSE'] == 'GetCACert answered HTTP 404'" ;;
  text-format)
    # The default format: each certificate with both fingerprints and its role.
    run 0 "$(http_url ca-ra yes)" --trusted-ca "$pki/ca.pem"
    for want in "certificate 1/2" "certificate 2/2" "SHA-1       $CA_SHA1  (Windows thumbprint)" \
      "SHA-256     $CA_SHA256" "role        self-signed root CA" "role        RA / end entity" \
      "SCEP_CAPS_WEAK" "SCEP_OK"; do
      grep -qF -- "$want" "$work/out" || { echo "text lacks '$want':"; cat "$work/out"; exit 1; }
    done ;;
  shared-formats)
    # junit (xmllint), prom (promtool) and html carry the same findings and exit code.
    need xmllint promtool
    run 1 "$(http_url ca-ra yes)" --trusted-ca "$pki/other.pem" --format junit
    xmllint --noout "$work/out"
    grep -qF '<failure type="SCEP_CA_THUMBPRINT_MISMATCH"' "$work/out" || { cat "$work/out"; exit 1; }
    run 1 "$(http_url ca-ra yes)" --trusted-ca "$pki/other.pem" --format prom
    promtool check metrics <"$work/out"
    grep -qF 'name="SCEP_CAPS_WEAK",severity="warn"} 1' "$work/out" || { cat "$work/out"; exit 1; }
    run 0 "$(http_url ca-der)" --format html
    grep -qF '<title>pinprobe scep: pass</title>' "$work/out" || { cat "$work/out"; exit 1; } ;;
  output-file)
    # --output writes atomically: the file holds the report, stdout is empty, no temp left.
    json 1 "$(http_url ca-der)" --thumbprint "$(fp other sha1)" --output "$work/report.json"
    [[ ! -s $work/out ]] || { echo "stdout not empty"; exit 1; }
    cp "$work/report.json" "$work/out"
    valid_json scep-v1.schema.json "$work/out"
    expect SCEP_CA_THUMBPRINT_MISMATCH
    leftovers=$(find "$work" -name 'report.json?*' | wc -l)
    ((leftovers == 0)) || { echo "temporary files left: $(ls "$work")"; exit 1; } ;;
  bad-thumbprint-hex)
    run 2 "$(http_url ca-der)" --thumbprint "zz:11:22"
    error_names "--thumbprint: 'zz:11:22' is not hexadecimal" ;;
  bad-thumbprint-length)
    run 2 "$(http_url ca-der)" --thumbprint "AB:CD:EF"
    error_names "--thumbprint: 6 hex digits; expected 40 (SHA-1) or 64 (SHA-256)" ;;
  bad-trusted-ca-missing)
    run 2 "$(http_url ca-der)" --trusted-ca "$work/nope.pem"
    error_names "$work/nope.pem" ;;
  bad-trusted-ca-not-a-cert)
    run 2 "$(http_url ca-der)" --trusted-ca "$pki/not-a-cert.pem"
    error_names "$pki/not-a-cert.pem:" ;;
  bad-url)
    run 2 "ftp://127.0.0.1/pki/$pki_id/scep/ca-der"
    error_names "ftp://127.0.0.1/pki/$pki_id/scep/ca-der: not an http:// or https:// SCEP URL" ;;
  bad-both-expectations)
    run 2 "$(http_url ca-der)" --thumbprint "$CA_SHA1" --trusted-ca "$pki/ca.pem"
    error_names "--thumbprint" "--trusted-ca" ;;
  *) echo "unknown scenario $scenario" >&2; exit 1 ;;
esac
