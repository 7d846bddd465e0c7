#!/usr/bin/env bash
# One hostile-server case (issue 14 item 6): runs `pinprobe check` once per report format
# against a server that misbehaves on purpose and asserts, for every run: exit 0 or 1 (never a
# crash, 2 or 3), no sanitizer report on stderr, the run over within --deadline + 1 s, peak RSS
# under 128 MiB; and for every format: JSON valid against the schema, JUnit well-formed XML,
# HTML parsed by xmllint with no <script> from the network, Prometheus text accepted by
# promtool, and no output (stderr included) holding a raw C0 control other than newline and
# tab (nor DEL or a C1 control in the text report and on stderr, which a terminal reads), or
# invalid UTF-8. Then what the case itself must report.
# Usage: check.sh STATE_DIR PINPROBE CASE SOURCE_DIR
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
need python3 xmllint promtool /usr/bin/time
state=$1
pinprobe=$2
case_name=$3
source_dir=$4
enter_scenario "$state" "$case_name"

readonly deadline_s=8
# Under AddressSanitizer freed blocks wait in a quarantine (256 MiB by default) and count as
# resident: a 1 MiB one keeps the RSS bound about pinprobe's own memory (no effect elsewhere).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=1"
# Under the sanitizers the allocator and shadow memory add a fixed ~130 MiB before pinprobe
# does anything: the bound there is 128 MiB above what `pinprobe -V` alone peaks at, so what is
# asserted is still pinprobe's own growth on hostile input.
rss_base_kib=0
if [[ $(ldd "$pinprobe" 2>/dev/null) == *libasan* ]]; then
  /usr/bin/time -f %M -o "$work/base.rss" "$pinprobe" -V >/dev/null 2>&1 || true
  rss_base_kib=$(tail -n 1 "$work/base.rss")
fi
readonly rss_limit_kib=$((rss_base_kib + 128 * 1024))
readonly formats=(json text junit html prom)

# domains HOST PORT: a plan of one host on PORT under the lab pinset.
domains() {
  cat >"$work/d.yaml" <<YAML
version: 1
groups:
  - name: hostile
    allowlist: "*.hostile.test"
    pins: lab
    ports: [$2]
    hosts: ["$1"]
revocation:
  from_chain: true
  urls: []
YAML
}

now_ms() { date +%s%3N; }

# run_all ARGS...: one run per format, each bounded and checked.
run_all() {
  local fmt rc start elapsed rss extra
  for fmt in "${formats[@]}"; do
    rc=0
    extra=()
    [[ $fmt == text ]] && extra=(--verbose)
    start=$(now_ms)
    /usr/bin/time -f %M -o "$work/$fmt.rss" \
      "$pinprobe" check --pins "$state/pins" --domains "$work/d.yaml" --deadline "${deadline_s}s" \
      --timeout 3s --no-color --format "$fmt" "${extra[@]}" "$@" \
      >"$work/report.$fmt" 2>"$work/$fmt.stderr" || rc=$?
    elapsed=$(($(now_ms) - start))
    rss=$(tail -n 1 "$work/$fmt.rss")
    echo "$case_name/$fmt: exit $rc after ${elapsed} ms, peak RSS ${rss} KiB"
    if ((rc != 0 && rc != 1)); then
      echo "pinprobe --format $fmt exited $rc:" >&2
      cat "$work/$fmt.stderr" >&2
      exit 1
    fi
    if grep -Eq 'Sanitizer|runtime error:|SUMMARY: ' "$work/$fmt.stderr"; then
      echo "sanitizer report from --format $fmt:" >&2
      cat "$work/$fmt.stderr" >&2
      exit 1
    fi
    if ((elapsed > deadline_s * 1000 + 1000)); then
      echo "--format $fmt took ${elapsed} ms, more than --deadline ${deadline_s}s + 1 s" >&2
      exit 1
    fi
    if ((rss >= rss_limit_kib)); then
      echo "--format $fmt peaked at ${rss} KiB, not under 128 MiB (+ ${rss_base_kib} KiB of sanitizer baseline)" >&2
      exit 1
    fi
  done
  python3 "$source_dir/tests/schema/validate_report.py" "$source_dir/schema/report-v1.schema.json" \
    "$work/report.json" || { echo "the JSON report does not validate" >&2; exit 1; }
  xmllint --noout "$work/report.junit" || { echo "the JUnit report is not XML" >&2; exit 1; }
  # libxml2's parser is HTML 4: its "Tag main invalid" for HTML5 elements is not an error here;
  # any other parser error is.
  xmllint --html --noout "$work/report.html" 2>"$work/html.lint" ||
    { cat "$work/html.lint" >&2; echo "the HTML report does not parse" >&2; exit 1; }
  if grep 'parser error' "$work/html.lint" | grep -Ev 'Tag [a-z]+ invalid$'; then
    echo "the HTML report has parser errors" >&2
    exit 1
  fi
  promtool check metrics <"$work/report.prom" ||
    { echo "promtool refuses the metrics" >&2; exit 1; }
  python3 - "$work" "${formats[@]}" <<'PY' || exit 1
import re, sys
work, formats = sys.argv[1], sys.argv[2:]
bad = []
files = [f"report.{f}" for f in formats] + [f"{f}.stderr" for f in formats]
for name in files:
    data = open(f"{work}/{name}", "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad.append(f"{name}: invalid UTF-8 at byte {e.start}: {data[max(0, e.start - 40):e.start + 8]!r}")
        continue
    # C0 controls anywhere; DEL and C1 controls too where a terminal reads it.
    terminal = name in ("report.text",) or name.endswith(".stderr")
    pattern = r"[\x00-\x08\x0b-\x1f\x7f-\x9f]" if terminal else r"[\x00-\x08\x0b-\x1f]"
    for m in re.finditer(pattern, text):
        bad.append(f"{name}: raw control {m.group()!r} at {m.start()}: {text[max(0, m.start() - 40):m.start() + 8]!r}")
        break
html = open(f"{work}/report.html", encoding="utf-8", errors="replace").read()
for m in re.finditer(r"<script[^>]*>[^<]*(alert|\x1b)|<script>[.\"']", html, re.I):
    bad.append(f"report.html: network <script> at {m.start()}: {html[max(0, m.start() - 60):m.end() + 20]!r}")
for b in bad:
    print(b, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

# expect PYTHON_ASSERTIONS: runs them with `r` = the JSON report, `t` = its first target,
# `codes(x)`, `ev(x, code, key)`, `rev` = the revocation entries, and `text` = the text report.
expect() {
  python3 - "$work" "$1" <<'PY'
import json, sys
work = sys.argv[1]
r = json.load(open(f"{work}/report.json"))
text = open(f"{work}/report.text", encoding="utf-8").read()
t = r["targets"][0] if r["targets"] else None
rev = r["revocation"]
def codes(x): return [f["code"] for f in x["findings"]]
def ev(x, code, key):
    for f in x["findings"]:
        if f["code"] == code:
            items = f["evidence"].items() if isinstance(f["evidence"], dict) else f["evidence"]
            for k, v in items:
                if k == key: return v
    return None
try:
    exec(sys.argv[2])
except AssertionError as e:
    print("assertion failed:", e, file=sys.stderr)
    print(json.dumps({"targets": r["targets"], "revocation": rev}, indent=1)[:6000], file=sys.stderr)
    sys.exit(1)
PY
}

tls_case() {  # tls_case NAME [ARGS...]: the nginx server NAME.hostile.test
  local name=$1
  shift
  domains "$name.hostile.test" "$tls"
  run_all --resolve "*:$tls:127.0.0.1" "$@"
}

dns_case() {  # dns_case LABEL: LABEL.dns.hostile.test asked of udp-hostile
  domains "$1.dns.hostile.test" "$tls"
  run_all --dns-server "127.0.0.1:$dns" --no-revocation
}

case $case_name in
  crl-*|aia-*)
    tls_case "$case_name"
    expect "$(cat "$here/expect/$case_name.py")"
    ;;
  proxy-403)
    # A proxy answering CONNECT with the hostile 403 page.
    domains "proxied.hostile.test" 443
    run_all --proxy "http://127.0.0.1:$http/" --no-revocation
    expect "$(cat "$here/expect/$case_name.py")"
    ;;
  chain100|subject64k|sans10k|names)
    tls_case "$case_name"
    expect "$(cat "$here/expect/$case_name.py")"
    ;;
  tls-drip)
    domains "drip.hostile.test" "$tls_drip"
    run_all --resolve "*:$tls_drip:127.0.0.1" --no-revocation
    expect "$(cat "$here/expect/$case_name.py")"
    ;;
  dns-*)
    dns_case "${case_name#dns-}"
    expect "$(cat "$here/expect/$case_name.py")"
    ;;
  *)
    echo "unknown case $case_name" >&2
    exit 2
    ;;
esac
echo "ok: $case_name"
