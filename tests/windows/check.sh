#!/usr/bin/env bash
# Windows-only checks of pinprobe.exe under Wine (issue 16): the CryptoAPI ROOT store is the
# system store (a test root added with cert_store_tool.exe becomes trusted), `device` without
# TBS's TPM, drive-letter and backslash paths, UTF-8 arguments, %PINPROBE_ORG%, exit codes and
# no colour on a pipe. Usage: check.sh STATE_DIR PINPROBE_EXE CERT_STORE_TOOL_EXE SCENARIO
# (trust-store-* need the judge fixtures of tests/integration/judge under STATE_DIR/judge-state).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../integration/lib/common.sh"
need python3 openssl
state=$1
exe=$2
tool=$3
scenario=$4
work=$state/windows/$scenario
rm -rf "$work"
mkdir -p "$work"
repo=$(cd "$here/../.." && pwd)
export WINEPREFIX=${PINPROBE_WINEPREFIX:-$repo/build/windows/wineprefix}
# A folder on Wine's C: drive, and its Windows spelling.
cdrive=$WINEPREFIX/drive_c/pinprobe-tests/$scenario
windir="C:\\pinprobe-tests\\$scenario"
rm -rf "$cdrive"
mkdir -p "$cdrive"

# run EXPECTED_EXIT ARGS...: pinprobe.exe under Wine; stdout in $work/out, stderr in $work/err.
run() {
  local want=$1 rc=0
  shift
  env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy -u ALL_PROXY -u all_proxy \
    -u SSL_CERT_FILE -u SSL_CERT_DIR COLUMNS=400 \
    bash "$here/wine.sh" "$exe" "$@" <"${stdin:-/dev/null}" >"$work/out" 2>"$work/err" || rc=$?
  if ((rc != want)); then
    echo "pinprobe.exe $* exited $rc, expected $want" >&2
    echo "stdout: $(head -c 3000 "$work/out")" >&2
    echo "stderr: $(head -c 3000 "$work/err")" >&2
    exit 1
  fi
}

# has FILE TEXT...: FILE contains every TEXT.
has() {
  local file=$1 t
  shift
  for t in "$@"; do
    grep -qF -- "$t" "$file" || { echo "$file lacks '$t':" >&2; head -c 3000 "$file" >&2; exit 1; }
  done
}

# check_py FILE EXPR: a python expression over the JSON document `d` in FILE holds.
check_py() {
  python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
if not eval(sys.argv[2]):
    print("assertion failed:", sys.argv[2])
    print(json.dumps(d, indent=1)[:4000])
    sys.exit(1)
PY
}

# judge_domains HOST: a one-host domains.yaml for the judge fixtures' nginx, pinned to their root.
judge_domains() {
  local judge=$state/judge-state
  [[ -s $judge/state.env ]] || { echo "judge fixtures are not up ($judge/state.env)" >&2; exit 1; }
  source "$judge/state.env"
  mkdir -p "$work/pins"
  write_lab_pinset "$work/pins" "$judge/pki/root.pem" "Pinprobe Test Root" "judge test root"
  cat >"$work/domains.yaml" <<YAML
version: 1
groups:
  - name: lab
    allowlist: "*.pinprobe.test"
    pins: lab
    ports: [$NGX]
    hosts: ["$1"]
revocation:
  from_chain: false
  urls: []
YAML
}

inspection='CN=Pinprobe Inspection CA,O=pinprobe tests'
# The system_trust evidence of the one target's TLS_INTERCEPTED, after a run through ssl-bump
# with no --ca-file: the system store is then Wine's CryptoAPI ROOT and CA stores.
bump_run() {
  judge_domains ok.pinprobe.test
  run 1 check --format json --domains "$work/domains.yaml" --pins "$work/pins" --no-revocation \
    --resolve "ok.pinprobe.test:$NGX:127.0.0.1" --proxy "http://127.0.0.1:$SQ_BUMP"
  cp "$work/out" "$work/report.json"
}

case $scenario in
  device-no-tbs)
    # Wine's tbs.dll has no TPM behind it: a clear TPM_ABSENT naming the TBS call, exit 1.
    run 1 device --no-color
    has "$work/out" "TPM_ABSENT" "no TPM found" "Tbsi_GetDeviceInfo: 0x" "platform     windows" \
      "location     TBS"
    [[ ! -s $work/err ]] || { echo "unexpected stderr: $(cat "$work/err")" >&2; exit 1; } ;;
  device-json)
    run 1 device --format json
    check_py "$work/out" "d['schema'] == 'pinprobe.device/v1' and d['verdict'] == 'fail' and [f['code'] for f in d['findings']] == ['TPM_ABSENT'] and d['findings'][0]['evidence']['platform'] == 'windows' and d['findings'][0]['evidence']['detail'].startswith('Tbsi_GetDeviceInfo: 0x')" ;;
  cert-drive-path)
    # A certificate on C:, named with a drive letter and backslashes.
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
      -keyout "$work/root.key" -out "$cdrive/root.pem" -subj "/O=pinprobe tests/CN=Drive Root" \
      2>/dev/null
    openssl x509 -in "$cdrive/root.pem" -outform der -out "$cdrive/root.cer"
    thumb=$(openssl x509 -in "$cdrive/root.pem" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g')
    run 0 cert --no-color "$windir\\root.pem" "$windir\\root.cer"
    has "$work/out" "$windir\\root.pem [1/1] Drive Root" "$windir\\root.cer [1/1] Drive Root" \
      "$thumb  (Windows thumbprint)"
    run 0 cert --format json "$windir\\root.pem"
    check_py "$work/out" "'CN=Drive Root,O=pinprobe tests' in json.dumps(d)" ;;
  cert-missing-file)
    # A file that does not exist: exit 2 and a message naming the Windows path as given.
    run 2 cert "$windir\\no such dir\\root.pem"
    has "$work/err" "$windir\\no such dir\\root.pem" ;;
  explain-backslash-path)
    cp "$repo/tests/fixtures/logs/okta-verify-pinning.log" "$cdrive/OktaVerify.log"
    run 1 explain --no-color "$windir\\OktaVerify.log"
    has "$work/out" "CertificatePinningValidator" "pinprobe check" ;;
  explain-evtx-compiled-out)
    # The Windows build has no libevtx: an .evtx export fails with the message saying so and
    # how to export XML instead; exit 2, before any reading.
    evtx=$(ls "$repo"/tests/fixtures/evtx/*.evtx | head -n 1)
    cp "$evtx" "$cdrive/Application.evtx"
    run 2 explain "$windir\\Application.evtx"
    has "$work/err" "built without libevtx" "wevtutil qe /f:xml" ;;
  output-drive-path)
    # --output to a drive-letter path, written atomically (ReplaceFileW / MoveFileExW).
    run 1 device --format json --output "$windir\\device.json"
    [[ ! -s $work/out ]] || { echo "stdout not empty with --output" >&2; exit 1; }
    check_py "$cdrive/device.json" "[f['code'] for f in d['findings']] == ['TPM_ABSENT']"
    # Again onto the existing file: replaced, no temporary file left beside it.
    run 1 device --format json --output "$windir\\device.json"
    ls "$cdrive" >"$work/listing"
    [[ $(cat "$work/listing") == device.json ]] || { echo "left beside the report: $(cat "$work/listing")" >&2; exit 1; } ;;
  usage-exit-code)
    run 2 check --no-such-flag
    has "$work/err" "no-such-flag"
    run 2 check --timeout banana
    run 0 --version
    has "$work/out" "pinprobe" ;;
  org-env)
    # %PINPROBE_ORG% fills {org}; without it the org host is skipped with the hint.
    cat >"$work/domains.yaml" <<'YAML'
version: 1
groups:
  - name: org
    allowlist: "*.pinprobe.test"
    pins: none
    ports: [443]
    hosts: ["{org}.pinprobe.test"]
revocation:
  from_chain: false
  urls: []
YAML
    closed=$(free_port tcp)
    PINPROBE_ORG= run 0 check --format json --domains "$work/domains.yaml" --no-revocation --no-proxy
    has "$work/out" "PINPROBE_ORG"
    PINPROBE_ORG=acme run 1 check --format json --domains "$work/domains.yaml" --no-revocation \
      --no-proxy --timeout 2s --resolve "acme.pinprobe.test:443:127.0.0.1"
    has "$work/out" "acme.pinprobe.test" ;;
  no-color-when-piped)
    # stdout is a pipe, not a console: no ANSI escapes even without --no-color.
    run 1 device
    if grep -q $'\e\[' "$work/out"; then echo "ANSI escapes on a pipe" >&2; exit 1; fi
    has "$work/out" "TPM_ABSENT" ;;
  utf8-argument)
    # A non-ASCII file name reaches pinprobe as UTF-8 (GetCommandLineW), not through the ANSI
    # code page: the file is found and its name is printed back intact.
    cp "$repo/tests/fixtures/logs/okta-verify-pinning.log" "$cdrive/Zürich-日本.log"
    run 1 explain --no-color "$windir\\Zürich-日本.log"
    has "$work/out" "CertificatePinningValidator" ;;
  explain-system)
    # The live path: the Windows event log channels through EvtQuery (Wine has no event log
    # behind wevtapi: each channel is reported as not read, never a crash) and the current
    # user's Okta Verify log folder, %LOCALAPPDATA%\Okta\OktaVerify\logs, read like any folder
    # (a rotated UTF-16LE file beside today's UTF-8 one).
    local_app=$(bash "$here/wine.sh" cmd /c echo %LOCALAPPDATA% 2>/dev/null | tr -d '\r')
    [[ $local_app == *:\\* ]] || { echo "no LOCALAPPDATA under Wine: '$local_app'" >&2; exit 1; }
    logs=$(WINEDEBUG=-all winepath -u "$local_app\\Okta\\OktaVerify\\logs" 2>/dev/null)
    [[ -n $logs ]] || { echo "winepath could not map $local_app" >&2; exit 1; }
    rm -rf "$logs"
    mkdir -p "$logs"
    trap 'rm -rf "$logs"' EXIT
    cp "$repo/tests/fixtures/logs/okta-verify-pinning.log" "$logs/OktaVerify.log"
    python3 - "$repo/tests/fixtures/logs/okta-verify-pinning.log" "$logs/OktaVerify.1.log" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "wb").write(b"\xff\xfe" + text.encode("utf-16-le"))
PY
    # What the same log explains as a file, for comparison.
    cp "$repo/tests/fixtures/logs/okta-verify-pinning.log" "$cdrive/one.log"
    run 1 explain --format json "$windir\\one.log"
    cp "$work/out" "$work/file.json"
    run 1 explain --system --format json
    # The same signatures as the file, each seen twice (two files of the same content).
    python3 - "$work/file.json" "$work/out" <<'PY'
import json, sys
one = {s["id"]: s["count"] for s in json.load(open(sys.argv[1], encoding="utf-8"))["signatures"]}
d = json.load(open(sys.argv[2], encoding="utf-8"))
live = {s["id"]: s["count"] for s in d["signatures"]}
assert one, "the fixture log explains nothing as a file"
assert d["kind"] == "system" and d["source"] == "<system>" and d["found"], d
assert live == {k: 2 * v for k, v in one.items()}, (live, one)
PY
    # Both files of the folder were read (their names as Windows spells them).
    check_py "$work/out" "sorted(f['name'].rsplit(chr(92), 1)[-1] for f in d['files'] if f['kind'] != 'event log channel') == ['OktaVerify.1.log', 'OktaVerify.log']"
    # Every channel is accounted for: read (a file entry) or not read (a note naming it).
    check_py "$work/out" "all(any(c in x for x in d['notes'] + [f['name'] for f in d['files']]) for c in ('Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin',))"
    run 1 explain --system --no-color
    has "$work/out" "CertificatePinningValidator" "pinprobe check" ;;
  trust-store-untrusted)
    # The inspection root is in no Windows store: an untrusted man-in-the-middle, and the
    # system store named in evidence is the CryptoAPI one.
    bump_run
    check_py "$work/report.json" "(lambda f: f['code'] == 'TLS_INTERCEPTED' and f['evidence']['system_trust'].startswith('untrusted man-in-the-middle') and f['evidence']['system_store'].startswith('Windows system stores ROOT ('))(d['targets'][0]['findings'][-1])" ;;
  trust-store-added-root)
    # The same interception after the inspection root is added to Wine's ROOT store through
    # CryptoAPI (CertAddEncodedCertificateToStore): now a managed device, trusted by the OS.
    judge=$state/judge-state
    bash "$here/wine.sh" "$tool" add ROOT "$judge/pki/inspect.pem" >"$work/tool.out" 2>&1 ||
      { cat "$work/tool.out" >&2; exit 1; }
    trap 'bash "$here/wine.sh" "$tool" remove ROOT "$judge/pki/inspect.pem" >/dev/null 2>&1 || true' EXIT
    bump_run
    check_py "$work/report.json" "(lambda f: f['code'] == 'TLS_INTERCEPTED' and f['evidence']['system_trust'].startswith('managed device') and f['evidence']['system_store'].startswith('Windows system stores ROOT ('))(d['targets'][0]['findings'][-1])" ;;
  *) echo "unknown scenario $scenario" >&2; exit 1 ;;
esac
echo "ok: $scenario"
