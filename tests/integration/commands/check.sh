#!/usr/bin/env bash
# `pinprobe explain` and `pinprobe device` as users run them (and `check`'s colour on a pseudo-
# terminal): each report format (text, json,
# junit, prom, html),
# --output written atomically, exit codes (0 nothing found / 1 found / 2 bad input) and the
# message that names what was wrong. No network: explain reads tests/fixtures/logs, device a
# sysfs tree made here (hidden --sysfs-root).
# Usage: check.sh PINPROBE SOURCE_DIR WORK_DIR SCENARIO
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
need python3
pinprobe=$1
src=$2
scenario=$4
work=$3/$scenario
logs=$src/tests/fixtures/logs
rm -rf "$work"
mkdir -p "$work"

# schema_of COMMAND: the schema file (under schema/) of COMMAND's JSON output.
schema_of() {
  case $1 in
    explain) echo explain-v1.schema.json ;;
    device) echo device-v1.schema.json ;;
    cert) echo cert.schema.json ;;
    pins) echo pins-show.schema.json ;;
    *) echo "no schema known for pinprobe $1" >&2; exit 1 ;;
  esac
}

# run EXPECTED_EXIT ARGS...: pinprobe into $work/out, stderr into $work/err. JSON written to
# stdout is validated against the command's schema; JSON written with --output is validated
# by the scenario (valid_json).
run() {
  local want=$1 rc=0
  shift
  "$pinprobe" "$@" <"${stdin:-/dev/null}" >"$work/out" 2>"$work/err" || rc=$?
  if ((rc != want)); then
    echo "pinprobe $* exited $rc, expected $want" >&2
    echo "stdout: $(head -c 3000 "$work/out")" >&2
    echo "stderr: $(head -c 3000 "$work/err")" >&2
    exit 1
  fi
  if [[ " $* " == *" --format json "* && -s $work/out ]]; then
    valid_json "$(schema_of "$1")" "$work/out"
  fi
}

# has FILE TEXT...: FILE contains every TEXT.
has() {
  local file=$1 t
  shift
  for t in "$@"; do
    grep -qF -- "$t" "$file" || { echo "$file lacks '$t':"; head -c 3000 "$file"; exit 1; }
  done
}

# check_py FILE EXPR: a python expression over the JSON document `d` in FILE.
check_py() {
  python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
if not eval("(" + sys.argv[2] + ")"):
    print("assertion failed:", sys.argv[2])
    print(json.dumps(d, indent=1)[:4000])
    sys.exit(1)
PY
}

# empty_stdout: nothing was printed on stdout.
empty_stdout() { [[ ! -s $work/out ]] || { echo "stdout not empty: $(head -c 500 "$work/out")"; exit 1; }; }

# no_temp DIR NAME: no temporary sibling of DIR/NAME was left behind.
no_temp() {
  local n
  n=$(find "$1" -maxdepth 1 -name "$2?*" | wc -l)
  ((n == 0)) || { echo "temporary files left: $(ls -a "$1")"; exit 1; }
}

# tree KIND: a fixture sysfs root under $work/root (KIND: tpm2, tpm12, none).
tree() {
  local r=$work/root
  mkdir -p "$r/sys/class/tpm" "$r/dev"
  case $1 in
    tpm2)
      mkdir -p "$r/sys/class/tpm/tpm0/device"
      echo 2 >"$r/sys/class/tpm/tpm0/tpm_version_major"
      echo "TPM 2.0 Device" >"$r/sys/class/tpm/tpm0/device/description"
      : >"$r/dev/tpmrm0" ;;
    tpm12)
      mkdir -p "$r/sys/class/tpm/tpm0/device"
      echo 1 >"$r/sys/class/tpm/tpm0/tpm_version_major"
      echo "TPM 1.2 Device" >"$r/sys/class/tpm/tpm0/device/description"
      : >"$r/dev/tpm0" ;;
    none) ;;
  esac
}

case $scenario in
  explain-text)
    run 1 explain "$logs/okta-verify-pinning.log"
    has "$work/out" "CertificatePinningValidator" "pinprobe check" ;;
  explain-json)
    run 1 explain --format json "$logs/event-viewer-scep-crlf.txt"
    check_py "$work/out" "d['schema'] == 'pinprobe.explain/v1' and d['found']
      and [s['id'] for s in d['signatures']] == ['scep-hash-not-correct', 'scep-init-failed']
      and all('SCEP_CA_THUMBPRINT_MISMATCH' in s['findings'] for s in d['signatures'])
      and d['signatures'][1]['captures']['thumbprint'] == '9A1F3C2B7D4E5F60718293A4B5C6D7E8F9012345'" ;;
  explain-output)
    run 1 explain --format json --output "$work/report.json" "$logs/okta-verify-tpm.log"
    empty_stdout
    no_temp "$work" report.json
    valid_json explain-v1.schema.json "$work/report.json"
    check_py "$work/report.json" "d['schema'] == 'pinprobe.explain/v1' and d['found']
      and len(d['signatures']) >= 1" ;;
  explain-stdin)
    stdin=$logs/okta-verify-revocation.log run 1 explain -
    has "$work/out" "<stdin>" ;;
  explain-nothing-known)
    run 0 explain --format json "$logs/noise-only.log"
    check_py "$work/out" "not d['found'] and d['signatures'] == []" ;;
  explain-encodings)
    # The binary end to end on each encoding and shape of the fixtures.
    for spec in "okta-verify-tpm-utf16le-bom.log|utf-16le (BOM)|tpm-create-silent-key-pair" \
      "event-viewer-scep-utf16le-nobom.txt|utf-16le|scep-hash-not-correct" \
      "event-viewer-scep.xml|utf-8|scep-init-failed" \
      "pasted-wrapped.txt|utf-8|revocation-status-unknown"; do
      IFS='|' read -r file encoding id <<<"$spec"
      run 1 explain --format json "$logs/$file"
      check_py "$work/out" "d['encoding'] == '$encoding' and '$id' in [s['id'] for s in d['signatures']]"
    done ;;
  explain-missing-file)
    run 2 explain "$work/no-such.log"
    empty_stdout
    has "$work/err" "$work/no-such.log: cannot open: No such file or directory" ;;
  explain-bad-signatures)
    printf 'version: 1\nsignatures:\n  - id: x\n    bogus: 1\n' >"$work/sigs.yaml"
    run 2 explain --signatures "$work/sigs.yaml" "$logs/noise-only.log"
    empty_stdout
    has "$work/err" "$work/sigs.yaml:4:5: unknown key 'bogus' in signature" ;;
  explain-bad-format)
    run 2 explain --format xml "$logs/noise-only.log"
    empty_stdout
    has "$work/err" "--format: xml not in {text,json,junit,prom,html}" ;;
  device-tpm2-text)
    tree tpm2
    run 0 device --sysfs-root "$work/root"
    has "$work/out" "TPM_OK" "pass" ;;
  device-tpm2-json)
    tree tpm2
    run 0 device --format json --sysfs-root "$work/root"
    check_py "$work/out" "d['schema'] == 'pinprobe.device/v1' and d['verdict'] == 'pass'
      and [f['code'] for f in d['findings']] == ['TPM_OK']" ;;
  device-tpm2-no-node)
    # A TPM 2.0 in sysfs whose device nodes are missing: no key can be created.
    tree tpm2
    rm "$work/root/dev/tpmrm0"
    run 1 device --format json --sysfs-root "$work/root"
    check_py "$work/out" "d['verdict'] == 'fail'
      and [f['code'] for f in d['findings']] == ['TPM_KEY_CREATE_FAILED']
      and d['findings'][0]['message'] == 'the TPM device node cannot be opened, so no key can be created'
      and 'No such file or directory' in dict(d['findings'][0]['evidence'] if isinstance(d['findings'][0]['evidence'], dict) else [tuple(p) for p in d['findings'][0]['evidence']]).get('detail', '')" ;;
  device-tpm12-json)
    tree tpm12
    run 1 device --format json --sysfs-root "$work/root"
    check_py "$work/out" "d['verdict'] == 'fail'
      and [f['code'] for f in d['findings']] == ['TPM_UNSUPPORTED_VERSION']" ;;
  device-none-output)
    tree none
    run 1 device --format json --output "$work/device.json" --sysfs-root "$work/root"
    empty_stdout
    no_temp "$work" device.json
    valid_json device-v1.schema.json "$work/device.json"
    check_py "$work/device.json" "[f['code'] for f in d['findings']] == ['TPM_ABSENT']" ;;
  device-output-unwritable)
    tree tpm2
    run 2 device --output "$work/no/such/dir/device.txt" --sysfs-root "$work/root"
    empty_stdout
    # Checked before the probe runs (issue 14): the missing directory is named.
    has "$work/err" "--output '$work/no/such/dir/device.txt': directory '$work/no/such/dir' does not exist" ;;
  cert-json)
    # Certificates of every kind the system store holds (the first 50), the pinned roots (a
    # pin match and a pinset verdict each) and a fixture chain, against the cert schema.
    bundle=/etc/ssl/certs/ca-certificates.crt
    [[ -r $bundle ]] || need ca-certificates-bundle  # skips locally, fails under CI
    awk '/BEGIN CERTIFICATE/ { n++ } n <= 50' "$bundle" >"$work/system.pem"
    run 0 cert --format json "$work/system.pem" "$src"/pins/certs/*.pem
    check_py "$work/out" "len(d) == 4 and len(d[0]['certificates']) == 50
      and all(c['pinset_match'] and c['pinset_match']['pinset'] == 'okta'
              for f in d[1:] for c in f['certificates'])
      and all(p['verified'] for f in d[1:] for p in f['chain_trust']['pinsets'])" ;;
  pins-show-json)
    run 0 pins show --format json
    check_py "$work/out" "[p['name'] for p in d] == ['okta'] and d[0]['anchors']
      and all(a['spki_pin'] in [p['sha256'] for p in d[0]['pins']] for a in d[0]['anchors'])" ;;
  explain-shared-formats)
    # junit for CI, prom for a textfile collector, html for people: valid, same exit code.
    need xmllint promtool
    run 1 explain --format junit "$logs/okta-verify-tpm.log"
    xmllint --noout "$work/out"
    has "$work/out" '<failure type="tpm-create-silent-key-pair"' 'count: 2' 'confirm: pinprobe device'
    run 1 explain --format prom --output "$work/explain.prom" "$logs/okta-verify-tpm.log"
    empty_stdout
    promtool check metrics <"$work/explain.prom"
    has "$work/explain.prom" 'pinprobe_check_ok{command="explain",' \
      'name="tpm-platform-crypto-provider",severity="fail"} 1'
    run 0 explain --format junit "$logs/noise-only.log"
    has "$work/out" 'tests="1" failures="0"'
    run 1 explain --format html "$logs/okta-verify-pinning.log"
    has "$work/out" '<!DOCTYPE html>' 'tls-pinning-mismatch' ;;
  device-shared-formats)
    need xmllint promtool
    tree tpm12
    run 1 device --format junit --sysfs-root "$work/root"
    xmllint --noout "$work/out"
    has "$work/out" '<failure type="TPM_UNSUPPORTED_VERSION"'
    run 1 device --format prom --sysfs-root "$work/root"
    promtool check metrics <"$work/out"
    has "$work/out" 'pinprobe_check_ok{command="device",subject="linux"} 0'
    run 1 device --format html --sysfs-root "$work/root"
    has "$work/out" '<title>pinprobe device: fail</title>' 'TPM_UNSUPPORTED_VERSION' ;;
  cert-pins-shared-formats)
    # cert and pins show render the same report document as every command: one testcase,
    # series or row per certificate (anchor), valid for xmllint and promtool.
    need xmllint promtool
    run 0 cert --format junit "$src"/pins/certs/*.pem
    xmllint --noout "$work/out"
    has "$work/out" '<testsuites name="pinprobe cert"' 'failures="0"' '<testcase classname="cert"'
    run 0 cert --format prom "$src"/pins/certs/*.pem
    promtool check metrics <"$work/out"
    has "$work/out" 'pinprobe_check_ok{command="cert",subject="' 'pinprobe_check_result{command="cert",'
    # Several files: each item names its file; one file: the subject does.
    has "$work/out" "name=\"$src/pins/certs/"
    run 0 cert --format prom "$src/tests/fixtures/okta-pki/okta.com-2026.pem"
    has "$work/out" "subject=\"$src/tests/fixtures/okta-pki/okta.com-2026.pem\",name=\"[1/3] *.okta.com\""
    run 0 cert --format html "$src"/pins/certs/*.pem
    has "$work/out" '<title>pinprobe cert: ' '<pre>' 'SPKI pin'
    run 0 pins show --format prom
    promtool check metrics <"$work/out"
    has "$work/out" 'pinprobe_check_ok{command="pins",subject="built-in pinsets"} 1' \
      'pinprobe_check_result{command="pins",subject="built-in pinsets",name="okta: '
    run 0 pins show --format junit
    xmllint --noout "$work/out"
    has "$work/out" 'tests="' 'failures="0"' ;;
  check-color-pty)
    # Colour on a real pseudo-terminal (issue 11): SGR escapes with a terminal, none with
    # NO_COLOR=1, TERM=dumb or --no-color, and an empty NO_COLOR counts as unset
    # (no-color.org). Through a pipe there is no colour either. Loopback only: one .invalid
    # host pinned to 127.0.0.1 port 1, refused.
    cat >"$work/domains.yaml" <<'YAML'
version: 1
groups:
  - name: lab
    allowlist: '*.pinprobe.invalid'
    pins: none
    ports: [1]
    hosts: [a.pinprobe.invalid]
revocation:
  from_chain: false
  urls: []
YAML
    python3 - "$pinprobe" "$work/domains.yaml" <<'PY'
import os, pty, re, subprocess, sys
pinprobe, domains = sys.argv[1], sys.argv[2]
args = [pinprobe, "check", "--domains", domains, "--resolve", "a.pinprobe.invalid:1:127.0.0.1",
        "--no-proxy", "--timeout", "2s", "--deadline", "5s"]
sgr = re.compile(rb"\x1b\[[0-9;]*m")

def run(extra_env, unset=(), extra_args=(), on_pty=True):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM") + tuple(unset)
           and not k.lower().endswith("_proxy")}
    env.update(extra_env)
    if not on_pty:
        p = subprocess.run(args + list(extra_args), env=env, capture_output=True, timeout=30)
        return p.returncode, p.stdout
    master, slave = pty.openpty()
    p = subprocess.Popen(args + list(extra_args), env=env, stdin=slave, stdout=slave,
                         stderr=slave, close_fds=True)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return p.wait(timeout=30), out

cases = [
    ("TERM=xterm", {"TERM": "xterm"}, (), True, True),
    ("NO_COLOR unset, TERM unset", {}, (), True, True),
    ("NO_COLOR= (empty)", {"TERM": "xterm", "NO_COLOR": ""}, (), True, True),
    ("NO_COLOR=1", {"TERM": "xterm", "NO_COLOR": "1"}, (), True, False),
    ("NO_COLOR=0", {"TERM": "xterm", "NO_COLOR": "0"}, (), True, False),
    ("TERM=dumb", {"TERM": "dumb"}, (), True, False),
    ("--no-color", {"TERM": "xterm"}, ("--no-color",), True, False),
    ("a pipe", {"TERM": "xterm"}, (), False, False),
]
failed = False
for name, env, extra, on_pty, want in cases:
    code, out = run(env, extra_args=extra, on_pty=on_pty)
    has = bool(sgr.search(out))
    ok = code == 1 and b"TCP_REFUSED" in out and has == want
    print(f"{'ok ' if ok else 'BAD'} {name}: exit {code}, colour {'yes' if has else 'no'}"
          f" (want {'yes' if want else 'no'})")
    if not ok:
        failed = True
        print(out[:2000])
sys.exit(1 if failed else 0)
PY
    ;;
  *) echo "unknown scenario $scenario" >&2; exit 1 ;;
esac
