#!/usr/bin/env bash
# `pinprobe explain` and `pinprobe device` as users run them: each report format (text, json,
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

# run EXPECTED_EXIT ARGS...: pinprobe into $work/out, stderr into $work/err.
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
    check_py "$work/device.json" "[f['code'] for f in d['findings']] == ['TPM_ABSENT']" ;;
  device-output-unwritable)
    tree tpm2
    run 2 device --output "$work/no/such/dir/device.txt" --sysfs-root "$work/root"
    empty_stdout
    has "$work/err" "$work/no/such/dir/device.txt: cannot create: No such file or directory" ;;
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
  *) echo "unknown scenario $scenario" >&2; exit 1 ;;
esac
