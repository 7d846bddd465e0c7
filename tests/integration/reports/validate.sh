#!/usr/bin/env bash
# validate.sh TOOL WORKDIR junit|prom|rules SOURCE_DIR: renders the sample report and checks it
# with the format's own validator (xmllint, promtool), or checks the example alert rules.
set -euo pipefail
source "$(dirname "$0")/common.sh"
tool=$1 work=$2 kind=$3 src=$4
mkdir -p "$work"
case $kind in
  junit)
    need xmllint
    "$tool" render junit "$work/report.xml"
    xmllint --noout "$work/report.xml"
    grep -q '<failure type="TLS_INTERCEPTED"' "$work/report.xml"
    grep -q '<testsuite name="revocation"' "$work/report.xml"
    ;;
  prom)
    need promtool
    "$tool" render prom "$work/report.prom"
    promtool check metrics <"$work/report.prom"
    grep -q '^pinprobe_tls_intercepted{host="login.okta.com",group="okta-org",port="443",site="berlin-hq"} 1$' "$work/report.prom"
    ;;
  rules)
    need promtool
    promtool check rules "$src/examples/prometheus/pinprobe-alerts.yml"
    (cd "$src/examples/prometheus" && promtool test rules pinprobe-alerts.test.yml)
    # Every rule has a test: each alert name is evaluated by pinprobe-alerts.test.yml.
    python3 - "$src/examples/prometheus" <<'PY'
import re, sys
d = sys.argv[1]
rules = re.findall(r"^\s*- alert: (\w+)$", open(f"{d}/pinprobe-alerts.yml").read(), re.M)
tested = set(re.findall(r"^\s*alertname: (\w+)$", open(f"{d}/pinprobe-alerts.test.yml").read(), re.M))
missing = [r for r in rules if r not in tested]
if not rules or missing:
    print("alert rules without a test:", missing or "no rules found")
    sys.exit(1)
print(f"{len(rules)} rules, each tested")
PY
    # The Grafana dashboard's "DNS and TCP time" panel, its expression taken from the JSON, on
    # one site reported by both the textfile collector and the Pushgateway: one sum per target.
    python3 - "$src/examples/grafana/pinprobe-dashboard.json" "$work/dashboard.test.yml" <<'PY'
import json, sys
board = json.load(open(sys.argv[1]))
def panels(p):
    for x in p.get("panels", []):
        yield x
        yield from panels(x)
panel = [p for p in panels(board) if p.get("title") == "DNS and TCP time"]
assert len(panel) == 1, "no single 'DNS and TCP time' panel"
expr = panel[0]["targets"][0]["expr"].replace("$site", "berlin-hq")
t = 'host="login.okta.com",group="okta-org",port="443",site="berlin-hq"'
test = {"evaluation_interval": "1m", "tests": [{"interval": "1m", "input_series": [
    {"series": f'pinprobe_dns_duration_seconds{{{t},job="node",instance="probe1:9100"}}', "values": "0.25x3"},
    {"series": f'pinprobe_dns_duration_seconds{{{t},job="pinprobe",instance="probe1"}}', "values": "0.25x3"},
    {"series": f'pinprobe_tcp_duration_seconds{{{t},job="node",instance="probe1:9100"}}', "values": "0.5x3"},
    {"series": f'pinprobe_tcp_duration_seconds{{{t},job="pinprobe",instance="probe1"}}', "values": "0.5x3"}],
  "promql_expr_test": [{"expr": expr, "eval_time": "2m", "exp_samples": [
    {"labels": "{" + t + "}", "value": 0.75}]}]}]}
open(sys.argv[2], "w").write(json.dumps(test, indent=1))
PY
    promtool test rules "$work/dashboard.test.yml"
    ;;
  *)
    echo "unknown kind $kind" >&2
    exit 2
    ;;
esac
echo "ok: $kind"
