#!/usr/bin/env bash
# One deadline scenario (issue 12): runs `pinprobe check` against a phase that hangs and asserts
# that the run ends within --deadline + 1 s (the product's own contract, the only time bound
# asserted), that the report is complete and valid (JSON Schema, JUnit, text), and what each
# target says. Usage: check.sh STATE_DIR PINPROBE SCENARIO SOURCE_DIR
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
need python3 xmllint
state=$1
pinprobe=$2
scenario=$3
source_dir=$4
enter_scenario "$state" "$scenario"

# domains FILE PORT COUNT SUFFIX [STATIC_URLS_JSON]: COUNT hosts t<i>.SUFFIX on PORT.
domains() {
  local file=$1 port=$2 count=$3 suffix=$4 urls=${5:-[]} i hosts=""
  for ((i = 0; i < count; i++)); do hosts+="${hosts:+, }\"t$i.$suffix\""; done
  cat >"$file" <<YAML
version: 1
groups:
  - name: lab
    allowlist: "*.$suffix"
    pins: lab
    ports: [$port]
    hosts: [$hosts]
revocation:
  from_chain: true
  urls: $urls
YAML
}

now_ms() { date +%s%3N; }

# run DEADLINE_S ARGS...: the JSON report into $work/report.json, stderr into $work/stderr;
# fails when the run took longer than DEADLINE_S + 1 s or exited 2/3 or crashed.
run() {
  local deadline=$1 rc=0 start elapsed
  shift
  start=$(now_ms)
  "$pinprobe" check --pins "$state/pins" --deadline "${deadline}s" --format json "$@" \
    >"$work/report.json" 2>"$work/stderr" || rc=$?
  elapsed=$(($(now_ms) - start))
  echo "$scenario: exit $rc after ${elapsed} ms (deadline ${deadline} s)"
  if ((rc != 0 && rc != 1)); then
    echo "pinprobe exited $rc:" >&2
    cat "$work/stderr" >&2
    exit 1
  fi
  if ((elapsed > deadline * 1000 + 1000)); then
    echo "the run took ${elapsed} ms, more than --deadline ${deadline}s + 1 s" >&2
    exit 1
  fi
  python3 "$source_dir/tests/schema/validate_report.py" "$source_dir/schema/report-v1.schema.json" \
    "$work/report.json" || { echo "the report does not validate" >&2; exit 1; }
}

# Every other format of the same cut-short run is complete and well-formed too.
other_formats() {
  local deadline=$1 rc=0
  shift
  "$pinprobe" check --pins "$state/pins" --deadline "${deadline}s" --format junit "$@" \
    >"$work/report.xml" 2>/dev/null || rc=$?
  ((rc == 0 || rc == 1)) || { echo "junit run exited $rc" >&2; exit 1; }
  xmllint --noout "$work/report.xml" || { echo "the JUnit report is not XML" >&2; exit 1; }
  rc=0
  "$pinprobe" check --pins "$state/pins" --deadline "${deadline}s" --format text "$@" \
    >"$work/report.txt" 2>/dev/null || rc=$?
  ((rc == 0 || rc == 1)) || { echo "text run exited $rc" >&2; exit 1; }
  grep -q "PROBE_INCOMPLETE" "$work/report.txt" ||
    { echo "the text report does not name PROBE_INCOMPLETE" >&2; exit 1; }
}

# expect PYTHON_ASSERTIONS: runs them with `r` = the report, `codes(t)` and `ev(t, code, key)`.
expect() {
  python3 - "$work/report.json" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
def codes(t): return [f["code"] for f in t["findings"]]
def ev(t, code, key):
    for f in t["findings"]:
        if f["code"] == code:
            for k, v in f["evidence"].items() if isinstance(f["evidence"], dict) else f["evidence"]:
                if k == key: return v
    return None
try:
    exec(sys.argv[2])
except AssertionError as e:
    print("assertion failed:", e, file=sys.stderr)
    for t in r["targets"][:3]: print(json.dumps(t["findings"], indent=1)[:3000], file=sys.stderr)
    sys.exit(1)
PY
}

resolve_all=()
case $scenario in
  caissuers-blackhole)
    # 30 leaf-only chains whose caIssuers URL accepts TCP and never answers: the one shared
    # fetch ends at its step timeout, well inside the deadline.
    domains "$work/d.yaml" "$p_aia" 30 aia.deadline.test
    run 5 --domains "$work/d.yaml" --resolve "*:$p_aia:127.0.0.1" --timeout 2s
    expect '
assert len(r["targets"]) == 30, len(r["targets"])
assert r["deadline_exceeded"] is False
for t in r["targets"]:
    assert "CERT_CHAIN_INCOMPLETE" in codes(t), codes(t)
    assert "PROBE_INCOMPLETE" not in codes(t), codes(t)
ca = [u for u in r["revocation"] if u["kind"] == "ca_issuers"]
assert len(ca) == 1, ca
'
    ;;
  caissuers-blackhole-deadline)
    # The same with a step timeout longer than the deadline: the deadline cuts the fetch.
    domains "$work/d.yaml" "$p_aia" 30 aia.deadline.test
    run 5 --domains "$work/d.yaml" --resolve "*:$p_aia:127.0.0.1" --timeout 30s
    expect '
assert r["deadline_exceeded"] is True
assert len(r["targets"]) == 30
for t in r["targets"]:
    assert "PROBE_INCOMPLETE" in codes(t), codes(t)
    assert ev(t, "PROBE_INCOMPLETE", "stage") == "ca_issuers", ev(t, "PROBE_INCOMPLETE", "stage")
    assert "issuing.crt" in (ev(t, "PROBE_INCOMPLETE", "pending") or "")
'
    other_formats 5 --domains "$work/d.yaml" --resolve "*:$p_aia:127.0.0.1" --timeout 30s
    ;;
  crl-drip)
    # A CRL body dripped a byte a second, step timeout 30 s, deadline 5 s.
    domains "$work/d.yaml" "$p_drip" 3 drip.deadline.test
    run 5 --domains "$work/d.yaml" --resolve "*:$p_drip:127.0.0.1" --timeout 30s
    expect '
assert r["deadline_exceeded"] is True
for t in r["targets"]:
    assert "TLS_OK" in codes(t), codes(t)
    assert "PROBE_INCOMPLETE" in codes(t), codes(t)
    assert ev(t, "PROBE_INCOMPLETE", "stage") == "revocation"
    assert "REVOCATION_OK" not in codes(t)
'
    other_formats 5 --domains "$work/d.yaml" --resolve "*:$p_drip:127.0.0.1" --timeout 30s
    ;;
  crl-drip-step)
    # The step timeout bounds the whole transfer, not only its connect.
    domains "$work/d.yaml" "$p_drip" 3 drip.deadline.test
    run 20 --domains "$work/d.yaml" --resolve "*:$p_drip:127.0.0.1" --timeout 2s
    expect '
assert r["deadline_exceeded"] is False
for t in r["targets"]:
    assert "TLS_OK" in codes(t), codes(t)
    assert "REVOCATION_UNREACHABLE" in codes(t), codes(t)
    assert "PROBE_INCOMPLETE" not in codes(t)
'
    ;;
  static-blackhole)
    # 30 black-holed static revocation URLs of the configuration.
    urls=""
    for ((i = 0; i < 30; i++)); do urls+="${urls:+, }\"http://127.0.0.1:$silent/$i.crl\""; done
    urls="[$urls]"
    domains "$work/d.yaml" "$p_ok" 1 ok.deadline.test "$urls"
    run 5 --domains "$work/d.yaml" --resolve "*:$p_ok:127.0.0.1" --timeout 30s
    expect '
assert r["deadline_exceeded"] is True
crls = [u for u in r["revocation"] if u["url"].endswith(".crl")]
assert len(crls) == 30, len(crls)
for u in crls:
    assert "PROBE_INCOMPLETE" in [f["code"] for f in u["findings"]], u["findings"]
assert "TLS_OK" in codes(r["targets"][0])
'
    ;;
  push-blackhole)
    # A Pushgateway that accepts TCP and never answers: the push is bounded by the deadline.
    domains "$work/d.yaml" "$p_ok" 1 ok.deadline.test
    run 5 --domains "$work/d.yaml" --resolve "*:$p_ok:127.0.0.1" --timeout 30s \
      --push "http://127.0.0.1:$silent/"
    expect '
assert "TLS_OK" in codes(r["targets"][0]), codes(r["targets"][0])
'
    grep -q "push failed" "$work/stderr" || { echo "no push failure on stderr" >&2; cat "$work/stderr" >&2; exit 1; }
    ;;
  blackhole-100)
    # 100 names whose 443 accepts TCP and never answers a ClientHello: at the default
    # concurrency they all wait at once, so the run costs one --timeout; two waves would miss
    # the 3 s deadline and leave PROBE_INCOMPLETE.
    domains "$work/d.yaml" "$silent" 100 aia.deadline.test
    run 3 --domains "$work/d.yaml" --resolve "*:$silent:127.0.0.1" --timeout 2s --no-revocation
    expect '
assert len(r["targets"]) == 100
assert r["deadline_exceeded"] is False
for t in r["targets"]:
    assert "PROBE_INCOMPLETE" not in codes(t), codes(t)
    assert "TLS_HANDSHAKE_FAILED" in codes(t), codes(t)
'
    ;;
  dns-scale)
    # 2,000 names against one dnsmasq: every one resolves (paced queries, retried).
    domains "$work/d.yaml" "$closed" 2000 scale.deadline.test
    run 60 --domains "$work/d.yaml" --dns-server "127.0.0.1:$dns" --no-revocation --timeout 5s
    expect '
assert len(r["targets"]) == 2000, len(r["targets"])
bad = [t for t in r["targets"] if t["dns"]["status"] != "ok"]
assert not bad, (len(bad), bad[:2])
assert all("DNS_TIMEOUT" not in codes(t) for t in r["targets"])
assert all(t["dns"]["addresses"] for t in r["targets"])
'
    ;;
  *)
    echo "unknown scenario $scenario" >&2
    exit 2
    ;;
esac
echo "ok: $scenario"
