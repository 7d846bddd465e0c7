#!/usr/bin/env bash
# real_run.sh PINPROBE WORK_DIR CHECK_ARGS...: the real consumers of every report format, on a
# real `pinprobe check` run (the judge and revocation fixtures call it with their own run's
# arguments, e.g. an ssl-bump interception or a blocked revocation URL):
#
#   json   the published JSON Schema (tests/schema/validate_report.py, python3-jsonschema)
#   junit  xmllint, then junitparser (python3-junitparser) and the structure Jenkins and GitLab
#          accept: no `skipped` attribute on <testsuites>, at most one <failure> per testcase,
#          every failures= count equal to the failing testcases it counts
#   prom   `promtool check metrics`, and every target's findings as pinprobe_findings series
#          carrying the run's site label
#   html   headless Chromium (html_chromium.sh --file): every target and problem code rendered
#
# Each format's exit status must be the one the JSON report's findings imply (SPEC §1: 1 when a
# finding has severity fail, else 0), and every format must agree with the JSON on the findings.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/common.sh"
need python3
need xmllint
need promtool
pinprobe=$1 work=$2
shift 2
site=lab-real-run
rm -rf "$work"
mkdir -p "$work"

# format FORMAT: pinprobe check in FORMAT into $work/report.FORMAT; its exit status in
# $work/rc.FORMAT. The environment cannot add a proxy or a trust store.
format() {
  local fmt=$1 rc=0
  shift
  env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy -u ALL_PROXY -u all_proxy \
    -u NO_PROXY -u no_proxy -u SSL_CERT_FILE -u SSL_CERT_DIR -u NO_COLOR COLUMNS=400 \
    "$pinprobe" check --format "$fmt" --site "$site" "$@" >"$work/report.$fmt" \
    2>"$work/stderr.$fmt" || rc=$?
  echo "$rc" >"$work/rc.$fmt"
}

for f in json junit prom html; do
  format "$f" "$@"
done

# JSON: the schema, then the exit status the findings imply.
python3 "$here/../../schema/validate_report.py" "$here/../../../schema/report-v1.schema.json" \
  "$work/report.json" >"$work/schema.out" 2>&1 || { cat "$work/schema.out" >&2; exit 1; }

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
r = json.load(open(f"{work}/report.json"))
entries = r["targets"] + r.get("revocation", [])
want = 1 if any(f["severity"] == "fail" for e in entries for f in e["findings"]) else 0
for fmt in ("json", "junit", "prom", "html"):
    rc = int(open(f"{work}/rc.{fmt}").read())
    if rc != want:
        print(f"--format {fmt} exited {rc}; the findings imply {want}:",
              open(f"{work}/stderr.{fmt}").read()[:2000])
        sys.exit(1)
print(f"exit status {want} in every format")
PY

# JUnit: well-formed, parsed by junitparser, and shaped as Jenkins and GitLab count it. Debian's
# python3-junitparser installs for Debian's interpreter, which need not be the first python3.
xmllint --noout "$work/report.junit"
debian_python=${PINPROBE_DEBIAN_PYTHON:-/usr/bin/python3}
[[ -x $debian_python ]] || need "$debian_python"
"$debian_python" - "$work" <<'PY'
import json, os, sys
import xml.etree.ElementTree as ET
try:
    import junitparser
except ImportError:
    print("python3-junitparser is not installed", file=sys.stderr)
    sys.exit(1 if os.environ.get("CI") == "true" else 77)
work = sys.argv[1]
r = json.load(open(f"{work}/report.json"))
root = ET.parse(f"{work}/report.junit").getroot()
def fail(why):
    print(why)
    print(open(f"{work}/report.junit").read()[:4000])
    sys.exit(1)
if root.tag != "testsuites":
    fail(f"root element <{root.tag}>, expected <testsuites>")
if "skipped" in root.attrib:
    fail("<testsuites> carries a skipped attribute (not in Jenkins' or GitLab's schema)")
total = 0
for suite in root.findall("testsuite"):
    failing = 0
    for case in suite.findall("testcase"):
        n = len(case.findall("failure"))
        if n > 1:
            fail(f"testcase {case.get('name')} has {n} <failure> elements (counted {n} times)")
        failing += n
    if int(suite.get("failures")) != failing:
        fail(f"suite {suite.get('name')}: failures={suite.get('failures')}, {failing} failing cases")
    total += failing
if int(root.get("failures")) != total:
    fail(f"<testsuites failures={root.get('failures')}>, {total} failing cases")
# junitparser reads the same counts and results.
xml = junitparser.JUnitXml.fromfile(f"{work}/report.junit")
parsed_failures, cases = 0, {}
for suite in xml:
    for case in suite:
        kinds = [type(x).__name__ for x in case.result]
        cases[(suite.name, case.name)] = case
        parsed_failures += kinds.count("Failure")
if parsed_failures != total:
    fail(f"junitparser counts {parsed_failures} failures, the XML says {total}")
# Every target is a testcase; it fails exactly when the JSON has a fail finding, and its
# failure's type is the first fail finding's code.
for t in r["targets"]:
    name = f"{t['target']['host']}:{t['target']['port']}" if "target" in t else f"{t['host']}:{t['port']}"
    group = t.get("group") or t.get("target", {}).get("group")
    case = cases.get((group, name))
    if case is None:
        fail(f"no testcase {group}/{name}")
    fails = [f["code"] for f in t["findings"] if f["severity"] == "fail"]
    results = [x for x in case.result if type(x).__name__ == "Failure"]
    if bool(fails) != bool(results):
        fail(f"{name}: JSON fail findings {fails}, JUnit failures {len(results)}")
    if fails and results[0].type != fails[0]:
        fail(f"{name}: failure type {results[0].type}, first fail finding {fails[0]}")
    for code in [f["code"] for f in t["findings"]]:
        if code not in open(f"{work}/report.junit").read():
            fail(f"{name}: finding {code} is not in the JUnit report")
print(f"junit: {len(cases)} testcases, {total} failures, as Jenkins and GitLab count them")
PY

# Prometheus exposition: promtool, then every finding as a series with the site label.
promtool check metrics <"$work/report.prom"
python3 - "$work" "$site" <<'PY'
import json, re, sys
work, site = sys.argv[1], sys.argv[2]
r = json.load(open(f"{work}/report.json"))
series = set()
for line in open(f"{work}/report.prom"):
    m = re.match(r'^pinprobe_findings\{(.*)\} (\d+)$', line.strip())
    if m:
        labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(1)))
        series.add((labels.get("host"), labels.get("code"), labels.get("site")))
for t in r["targets"]:
    host = t["target"]["host"] if "target" in t else t["host"]
    for f in t["findings"]:
        if (host, f["code"], site) not in series:
            print(f"no pinprobe_findings series for {host} {f['code']} site={site}")
            print(open(f"{work}/report.prom").read()[:4000])
            sys.exit(1)
print(f"prom: {len(series)} finding series, site {site}")
PY

# HTML: rendered by headless Chromium, with every target and finding code in the DOM.
mapfile -t expected < <(python3 - "$work/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
out = set()
# The page lists the problems (fail and warn findings) as cards; every target is in the matrix.
for e in r["targets"] + r.get("revocation", []):
    for f in e["findings"]:
        if f["severity"] in ("fail", "warn"):
            out.add(f["code"])
for t in r["targets"]:
    out.add(t["target"]["host"] if "target" in t else t["host"])
print("\n".join(sorted(out)))
PY
)
bash "$here/html_chromium.sh" --file "$work/report.html" "$work/chromium" "${expected[@]}"
echo "ok: real run validated in json, junit, prom and html"
