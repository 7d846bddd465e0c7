#!/usr/bin/env bash
# `pinprobe explain` on .evtx exports generated at test time from the seeds' events
# (tests/integration/lib/evtx_writer.py, tests/fixtures/evtx/seed-*.json), issue 19:
#   writer      the generated files are valid for libevtx's own tools (evtxinfo, evtxexport)
#   seed-scep   the DeviceManagement Admin export with events 307 and 32: a SCEP CA thumbprint
#               mismatch, its confirming `pinprobe scep` command and the captured NDES server
#               and thumbprint, each record named by event ID, time and channel
#   seed-tpm    the Okta Verify 0x80290407 events: the TPM finding
#   damaged     cut mid-record, a flipped chunk CRC, a chunk header wiped, random bytes
#               overwritten: readable records used, the rest reported, exit code by what was
#               found (1; 0 when nothing is), never a crash
#   zip-bundle  a zip of the .evtx and an Okta Verify text log folder is explained as the
#               unpacked folder (JSON equal but for the source and kind)
#   zip-evtx-cap  an .evtx entry over the 64 MiB read into memory: read up to it, cut noted
# usage: run.sh PINPROBE SOURCE_DIR WORK_DIR SCENARIO
set -euo pipefail
pinprobe=$1 src=$2 work=$3/$4 scenario=$4
rm -rf "$work" && mkdir -p "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { # EXPECTED_EXIT ARGS...
  local want=$1; shift
  set +e; "$pinprobe" "$@" >"$work/out" 2>"$work/err"; local got=$?; set -e
  [[ $got == "$want" ]] || { cat "$work/out" "$work/err" >&2; fail "exit $got, wanted $want: $*"; }
  [[ $got -lt 128 ]] || fail "killed by a signal: $*"
}
has() { grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 lacks: $2"; }; }
lacks() { ! grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "$1 has: $2"; }; }
writer=$src/tests/integration/lib/evtx_writer.py
# Skip where pinprobe was built without libevtx (explain then refuses .evtx with exit 2).
python3 "$writer" write "$src/tests/fixtures/evtx/seed-scep-admin.json" "$work/Admin.evtx"
python3 "$writer" write "$src/tests/fixtures/evtx/seed-tpm.json" "$work/OktaVerify.evtx" \
  --per-chunk 1
set +e; "$pinprobe" explain "$work/Admin.evtx" >/dev/null 2>"$work/probe-err"; probe=$?; set -e
if [[ $probe == 2 ]] && grep -q "built without libevtx" "$work/probe-err"; then exit 77; fi

ndes="https://<OktaSubDomain>.okta.com/<SCEP URL>/pkiclient.exe"
admin="Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin"

case $scenario in
  writer)
    command -v evtxinfo >/dev/null && command -v evtxexport >/dev/null || exit 77
    evtxinfo "$work/Admin.evtx" >"$work/info"
    has "$work/info" "Number of records		: 2"
    lacks "$work/info" "Is corrupted"
    # The text export needs libevtx's per-field accessors: template-instance records give them.
    evtxexport "$work/Admin.evtx" >"$work/export"
    has "$work/export" "Event identifier		: 0x00000133 (307)"
    has "$work/export" "Event identifier		: 0x00000020 (32)"
    has "$work/export" "Source name			: Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider"
    has "$work/export" "Event level			: Error (2)"
    has "$work/export" "String: 1			: SCEP: Certificate enroll failed. Result: (The hash value is not correct.)."
    lacks "$work/export" "Unable to export"
    evtxexport -f xml "$work/Admin.evtx" >"$work/xml"
    has "$work/xml" "<Channel>$admin</Channel>"
    has "$work/xml" '<TimeCreated SystemTime="2024-03-05T09:41:07.252000000Z"/>'
    has "$work/xml" "NDES Server 'https://&lt;OktaSubDomain&gt;.okta.com/&lt;SCEP URL&gt;/pkiclient.exe', CA cert thumbprint  12345678910abcdefghijk1a2b3)"
    # Three chunks, each with valid CRCs.
    evtxinfo "$work/OktaVerify.evtx" >"$work/info"
    has "$work/info" "Number of records		: 3"
    lacks "$work/info" "Is corrupted"
    [[ $(stat -c %s "$work/OktaVerify.evtx") == $((4096 + 3 * 65536)) ]] || fail "not 3 chunks"
    ;;
  seed-scep)
    run 1 explain "$work/Admin.evtx"
    has "$work/out" "Admin.evtx: 2 records read (evtx)"
    has "$work/out" "[scep-init-failed] seen 1 time"
    has "$work/out" "[scep-hash-not-correct] seen 1 time"
    has "$work/out" "findings     SCEP_CA_THUMBPRINT_MISMATCH, SCEP_TRUSTED_CA_NOT_ROOT"
    has "$work/out" "confirm      pinprobe scep {url} --thumbprint {thumbprint}"
    has "$work/out" "url          $ndes"
    has "$work/out" "thumbprint   12345678910abcdefghijk1a2b3"
    has "$work/out" "event 307 at 2024-03-05T09:41:07.252000000Z, record 1, $admin"
    has "$work/out" "event 32 at 2024-03-05T09:41:07.901000000Z, record 2, $admin"
    run 1 explain --format json "$work/Admin.evtx"
    python3 - "$work/out" "$ndes" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "evtx" and d["records"] == 2 and d["files"][0]["problems"] == [], d
sig = {s["id"]: s for s in d["signatures"]}
assert sorted(sig) == ["scep-hash-not-correct", "scep-init-failed"], sorted(sig)
assert d["timeline"] == ["scep-init-failed", "scep-hash-not-correct"], d["timeline"]
init = sig["scep-init-failed"]
assert init["findings"][0] == "SCEP_CA_THUMBPRINT_MISMATCH", init["findings"]
assert init["confirm"] == "pinprobe scep {url} --thumbprint {thumbprint}", init["confirm"]
assert init["captures"] == {"url": sys.argv[2], "thumbprint": "12345678910abcdefghijk1a2b3"}
line = init["lines"][0]
assert (line["event_id"], line["record_id"], line["timestamp"]) == (
    307, 1, "2024-03-05T09:41:07.252000000Z"), line
assert line["channel"].endswith("-Provider/Admin"), line
assert sig["scep-hash-not-correct"]["lines"][0]["event_id"] == 32
PY
    # --run-checks builds the command from the captures; the seed's placeholder URL
    # ("<OktaSubDomain>", "<SCEP URL>") is not a plain value, so it is not run.
    run 1 explain --run-checks "$work/Admin.evtx"
    has "$work/out" "pinprobe scep {url} --thumbprint 12345678910abcdefghijk1a2b3: skipped: the log's url is not a plain value: run it by hand"
    ;;
  seed-tpm)
    run 1 explain --format json "$work/OktaVerify.evtx"
    python3 - "$work/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["records"] == 3, d
sig = {s["id"]: s for s in d["signatures"]}
assert sorted(sig) == ["tpm-create-silent-key-pair", "tpm-platform-crypto-provider"], sorted(sig)
for s in sig.values():
    assert s["findings"] == ["TPM_KEY_CREATE_FAILED"], s
    assert s["confirm"] == "pinprobe device", s
line = sig["tpm-platform-crypto-provider"]["lines"][0]
assert (line["event_id"], line["record_id"], line["channel"]) == (1000, 3, "Application"), line
PY
    run 1 explain "$work/OktaVerify.evtx"
    has "$work/out" "event 1000 at 2024-03-05T10:15:42.118000000Z, record 2, Application"
    has "$work/out" "confirm      pinprobe device"
    lacks "$work/out" "TPM was successfully provisioned"
    ;;
  damaged)
    # Cut in the middle of record 3 (chunk 3 of 3): records 1 and 2 used, the cut reported.
    python3 "$writer" damage "$work/OktaVerify.evtx" "$work/cut.evtx" --cut-mid-record 3
    run 1 explain --format json "$work/cut.evtx"
    python3 - "$work/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["records"] == 2, d
assert [s["id"] for s in d["signatures"]] == ["tpm-create-silent-key-pair"], d["signatures"]
problems = d["files"][0]["problems"]
assert any("damaged or truncated" in p for p in problems), problems
assert ("truncated: the header lists 3 chunks, the file ends after 2 whole in chunk 3: the "
        "records of 1 chunk are lost") in problems, problems
PY
    run 1 explain "$work/cut.evtx"
    has "$work/out" "cut.evtx: 2 records read (evtx)"
    has "$work/out" "the records of 1 chunk are lost"
    # A flipped chunk header CRC: libevtx flags the file corrupted, the records still read.
    python3 "$writer" damage "$work/OktaVerify.evtx" "$work/crc.evtx" --flip-chunk-crc 1
    run 1 explain --format json "$work/crc.evtx"
    python3 - "$work/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["records"] >= 2, d
assert any("damaged or truncated" in p for p in d["files"][0]["problems"]), d["files"]
assert "tpm-platform-crypto-provider" in [s["id"] for s in d["signatures"]], d["signatures"]
PY
    # Chunk 2's header wiped: libevtx recovers its record by scanning, and says so.
    python3 - "$work/OktaVerify.evtx" "$work/wiped.evtx" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
d[4096 + 65536:4096 + 65536 + 512] = bytes(512)
open(sys.argv[2], "wb").write(d)
PY
    run 1 explain --format json "$work/wiped.evtx"
    python3 - "$work/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["records"] == 3, d
problems = d["files"][0]["problems"]
assert "1 records recovered from the file's free space" in problems, problems
assert any("damaged or truncated" in p for p in problems), problems
ids = [s["id"] for s in d["signatures"]]
assert ids == ["tpm-create-silent-key-pair", "tpm-platform-crypto-provider"], ids
PY
    # Random bytes of the first chunk's header and records overwritten (fixed seed): each copy
    # is read or refused (exit 0, 1 or 2), never a crash or a hang.
    python3 - "$work/Admin.evtx" "$work" <<'PY'
import random, sys
data = open(sys.argv[1], "rb").read()
rng = random.Random(19)
for i in range(40):
    b = bytearray(data)
    for _ in range(rng.choice([1, 4, 16])):
        b[rng.randrange(4096, 4096 + 512 + 1400)] = rng.randrange(256)
    open(f"{sys.argv[2]}/mutated-{i}.evtx", "wb").write(b)
PY
    for f in "$work"/mutated-*.evtx; do
      set +e; timeout 20 "$pinprobe" explain "$f" >/dev/null 2>&1; got=$?; set -e
      ((got <= 2)) || fail "exit $got on $f"
    done
    # Nothing left but the header: nothing found, exit 0, the loss reported.
    head -c 4096 "$work/OktaVerify.evtx" >"$work/header.evtx"
    run 0 explain "$work/header.evtx"
    has "$work/out" "the records of 3 chunks are lost"
    ;;
  zip-bundle)
    mkdir -p "$work/bundle/OktaVerify/old" "$work/bundle/EventLogs"
    cp "$work/Admin.evtx" "$work/bundle/EventLogs/Admin.evtx"
    cp "$src/tests/fixtures/logs/okta-verify-pinning.log" "$work/bundle/OktaVerify/OktaVerify.log"
    cp "$src/tests/fixtures/logs/okta-verify-tpm-utf16le-bom.log" \
      "$work/bundle/OktaVerify/OktaVerify.log.1"
    iconv -f utf-8 -t utf-16le "$src/tests/fixtures/logs/okta-verify-revocation.log" \
      >"$work/bundle/OktaVerify/old/OktaVerify.log.2"
    # As Windows' "Send to > Compressed folder" does: folder entries too, files in name order.
    (cd "$work/bundle" && python3 -c 'import os, zipfile
names = sorted(os.path.join(r, n)[2:] for r, ds, fs in os.walk(".") for n in ds + fs)
with zipfile.ZipFile("../bundle.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for n in names: z.write(n)')
    run 1 explain --format json "$work/bundle"
    cp "$work/out" "$work/folder.json"
    run 1 explain --format json "$work/bundle.zip"
    cp "$work/out" "$work/zip.json"
    python3 - "$work/folder.json" "$work/zip.json" <<'PY'
import json, sys
folder, bundle = (json.load(open(p)) for p in sys.argv[1:3])
assert (folder["kind"], bundle["kind"]) == ("folder, 4 files", "zip, 4 files"), (
    folder["kind"], bundle["kind"])
names = [f["name"] for f in bundle["files"]]
assert names == ["EventLogs/Admin.evtx", "OktaVerify/OktaVerify.log", "OktaVerify/OktaVerify.log.1",
                 "OktaVerify/old/OktaVerify.log.2"], names
assert bundle["files"][0]["kind"] == "evtx" and bundle["files"][0]["records"] == 2, bundle["files"]
ids = [s["id"] for s in bundle["signatures"]]
for want in ("scep-init-failed", "scep-hash-not-correct", "tpm-create-silent-key-pair",
             "revocation-status-unknown", "tls-pinning-mismatch"):
    assert want in ids, (want, ids)
for d in (folder, bundle):
    del d["source"], d["kind"]
if folder != bundle:
    for key in folder:
        if folder[key] != bundle.get(key):
            print("differs:", key, json.dumps(folder[key])[:400], json.dumps(bundle.get(key))[:400])
    sys.exit("the zip is not explained as the folder")
PY
    run 1 explain "$work/bundle.zip"
    has "$work/out" "read  EventLogs/Admin.evtx: 2 records (evtx)"
    has "$work/out" "EventLogs/Admin.evtx: event 307 at 2024-03-05T09:41:07.252000000Z, record 1, $admin"
    lacks "$work/out" "is not read"
    ;;
  zip-evtx-cap)
    # An .evtx entry of 70 MiB (the export padded with zeros): read up to the 64 MiB held in
    # memory, its records used, the cut noted; peak memory stays near the cap.
    python3 - "$work/Admin.evtx" "$work/big.zip" <<'PY'
import sys, zipfile
data = open(sys.argv[1], "rb").read()
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:
    with z.open("Admin.evtx", "w", force_zip64=True) as f:
        f.write(data)
        for _ in range(70 * 16 - 1):
            f.write(bytes(65536))
PY
    # Under the sanitizers the allocator and shadow memory add a fixed baseline (measured on
    # `pinprobe -V`) and the quarantine holds freed blocks: what is bounded is pinprobe's growth.
    rss_base_kib=0
    if [[ $(ldd "$pinprobe" 2>/dev/null) == *libasan* ]]; then
      export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1"
      /usr/bin/time -f %M -o "$work/base.rss" "$pinprobe" -V >/dev/null 2>&1 || true
      rss_base_kib=$(tail -n 1 "$work/base.rss")
    fi
    set +e
    /usr/bin/time -f "%M" -o "$work/rss" "$pinprobe" explain "$work/big.zip" >"$work/out" 2>"$work/err"
    got=$?
    set -e
    [[ $got == 1 ]] || { cat "$work/out" "$work/err" >&2; fail "exit $got, wanted 1"; }
    has "$work/out" "read  Admin.evtx: 2 records (evtx)"
    has "$work/out" "declares 73404416 bytes uncompressed, over the 67108864 bytes an .evtx is read into memory: read up to there"
    has "$work/out" "[scep-init-failed] seen 1 time"
    rss=$(tail -1 "$work/rss")
    ((rss < rss_base_kib + 200 * 1024)) ||
      fail "peak RSS ${rss} KiB for a 64 MiB cap (sanitizer baseline ${rss_base_kib} KiB)"
    # --max-input lowers the cap.
    run 1 explain --max-input 1MiB "$work/big.zip"
    has "$work/out" "over the 1048576 bytes an .evtx is read into memory"
    ;;
  *) fail "unknown scenario $scenario" ;;
esac
