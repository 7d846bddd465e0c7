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
    if [[ -f $src/examples/prometheus/pinprobe-alerts.test.yml ]]; then
      (cd "$src/examples/prometheus" && promtool test rules pinprobe-alerts.test.yml)
    fi
    ;;
  *)
    echo "unknown kind $kind" >&2
    exit 2
    ;;
esac
echo "ok: $kind"
