#!/usr/bin/env bash
# `pinprobe explain` on what admins hand over (issue 19): an exported .evtx (generated at test
# time: no public sample has the SCEP events), a damaged one, a folder of rotated UTF-16LE
# logs and the same folder zipped (python3 zipfile), and --system off Windows.
# usage: evtx.sh PINPROBE SOURCE_DIR WORK_DIR SCENARIO
set -euo pipefail
pinprobe=$1 src=$2 work=$3/$4 scenario=$4
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { # EXPECTED_EXIT ARGS...
  local want=$1; shift
  set +e; "$pinprobe" "$@" >"$work/out" 2>"$work/err"; local got=$?; set -e
  [[ $got == "$want" ]] || { cat "$work/out" "$work/err" >&2; fail "exit $got, wanted $want: $*"; }
  # JSON on stdout validates against the explain schema (77: python3-jsonschema missing).
  if [[ " $* " == *" --format json "* && -s $work/out ]]; then
    set +e
    python3 "$src/tests/schema/validate_report.py" "$src/schema/explain-v1.schema.json" \
      "$work/out" >"$work/schema.out" 2>&1
    got=$?
    set -e
    ((got == 0)) || { cat "$work/schema.out" >&2; ((got == 77)) && exit 77; fail "schema: $*"; }
  fi
}
has() { grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks: $2"; }; }
"$pinprobe" explain --help 2>/dev/null | grep -q -- '--system' || exit 77
python3 "$src/tests/integration/lib/evtx_writer.py" write "$src/tests/fixtures/evtx/scep-admin.json" \
  "$work/Admin.evtx"
folder() { # a folder of Okta Verify logs: current, rotated UTF-16LE, one nested
  mkdir -p "$work/logs/old"
  cp "$src/tests/fixtures/logs/okta-verify-pinning.log" "$work/logs/OktaVerify.log"
  cp "$src/tests/fixtures/logs/okta-verify-tpm-utf16le-bom.log" "$work/logs/OktaVerify.log.1"
  iconv -f utf-8 -t utf-16le "$src/tests/fixtures/logs/okta-verify-revocation.log" \
    >"$work/logs/old/OktaVerify.log.2"
  printf 'x' >"$work/logs/screenshot.png"
}
case $scenario in
  evtx-scep)
    run 1 explain "$work/Admin.evtx"
    has "$work/out" "[scep-init-failed] seen 2 times"
    has "$work/out" "[scep-hash-not-correct] seen 1 time"
    has "$work/out" "event 307 at 2024-03-05T09:41:07.2520000Z, record 1, Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin"
    has "$work/out" "confirm      pinprobe scep {url} --thumbprint {thumbprint}"
    has "$work/out" "url          https://acme.okta.com/scep/v1/pkiclient.exe"
    run 1 explain --format json "$work/Admin.evtx"
    python3 - "$work/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ids = [s["id"] for s in d["signatures"]]
assert d["kind"] == "evtx" and d["records"] == 5, d
assert ids == ["scep-hash-not-correct", "scep-init-failed"], ids
assert d["timeline"] == ["scep-init-failed", "scep-hash-not-correct"], d["timeline"]
assert "SCEP_CA_THUMBPRINT_MISMATCH" in d["signatures"][1]["findings"]
line = d["signatures"][1]["lines"][0]
assert line["event_id"] == 307 and line["record_id"] == 1 and "Admin" in line["channel"], line
PY
    ;;
  evtx-since)
    run 0 explain --since 1d "$work/Admin.evtx"
    has "$work/out" "--since 1d: 5 older records and 0 without a time left out"
    run 0 explain --format json --since 1d "$work/Admin.evtx"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["since"])' "$work/out" \
      >"$work/since"
    has "$work/since" "{'duration': '1d', 'older': 5, 'untimed': 0}"
    run 2 explain --since soon "$work/Admin.evtx"
    has "$work/err" "--since"
    ;;
  evtx-corrupt)
    head -c 6000 "$work/Admin.evtx" >"$work/cut.evtx"
    run 0 explain "$work/cut.evtx"
    has "$work/out" "damaged or truncated"
    run 0 explain "$src/tests/fixtures/evtx/issue_38.evtx"
    has "$work/out" "records could not be read"
    head -c 100 "$work/Admin.evtx" >"$work/header.evtx"
    run 2 explain "$work/header.evtx"
    has "$work/err" "not a readable .evtx file"
    ;;
  folder-zip)
    folder
    run 1 explain --format json "$work/logs"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted((s["id"],s["count"]) for s in d["signatures"]))' \
      "$work/out" >"$work/folder.sigs"
    (cd "$work" && python3 -c 'import zipfile,os
z=zipfile.ZipFile("bundle.zip","w",zipfile.ZIP_DEFLATED)
for root,_,files in os.walk("logs"):
    for f in files: z.write(os.path.join(root,f))')
    run 1 explain --format json "$work/bundle.zip"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted((s["id"],s["count"]) for s in d["signatures"]))' \
      "$work/out" >"$work/zip.sigs"
    diff "$work/folder.sigs" "$work/zip.sigs" || fail "zip and folder explained differently"
    grep -q tpm-create-silent-key-pair "$work/zip.sigs" || fail "UTF-16LE rotated log not read"
    grep -q revocation-status-unknown "$work/zip.sigs" || fail "nested rotated log not read"
    run 1 explain "$work/logs"
    has "$work/out" "(folder, 3 files)"
    has "$work/out" "read  OktaVerify.log.1:"
    has "$work/out" "1 files that are not logs skipped"
    ;;
  zip-bomb)
    python3 -c 'import zipfile,sys
z=zipfile.ZipFile(sys.argv[1],"w",zipfile.ZIP_DEFLATED)
z.writestr("big.log", b"The sign-in URL is not secure\n" * (2<<20))' "$work/bomb.zip"
    run 1 explain --max-input 1MiB "$work/bomb.zip"
    has "$work/out" "big.log: declares 62914560 bytes uncompressed, over the per-entry cap"
    ;;
  system-linux)
    run 2 explain --system
    has "$work/err" "works on Windows only"
    run 2 explain --system "$work/Admin.evtx"
    has "$work/err" "give no LOGFILE"
    ;;
  *) fail "unknown scenario $scenario" ;;
esac
