#!/usr/bin/env bash
# push_check.sh PUSH_STATE JUDGE_STATE PINPROBE: `pinprobe check --push` end to end. A real
# check of the judge fixtures' genuine server (TLS_OK) and an ssl-bump interception (squid),
# pushed to the real prometheus-pushgateway of the reports fixture, then the series read back
# from the Pushgateway's own /metrics: each target's series are there, grouped by job pinprobe
# and the run's site label.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../lib/common.sh"
need curl python3
push_state=$1 judge_state=$2 pinprobe=$3
[[ -f $push_state/pushgateway.port ]] || { echo "pushgateway fixture not running" >&2; exit 1; }
[[ -s $judge_state/state.env ]] || { echo "judge fixtures are not up" >&2; exit 1; }
source "$judge_state/state.env"
gateway=http://127.0.0.1:$(cat "$push_state/pushgateway.port")
work=$push_state/check-push
rm -rf "$work"
mkdir -p "$work/pins"
write_lab_pinset "$work/pins" "$judge_state/pki/root.pem" "Pinprobe Test Root" "the judge fixtures' test root"

# push SITE HOST ARGS...: one check of HOST (on the fixtures' nginx) pushed as SITE; exit status
# in $work/rc.SITE.
push() {
  local site=$1 host=$2 rc=0
  shift 2
  cat >"$work/domains-$site.yaml" <<YAML
version: 1
groups:
  - name: lab
    allowlist: "*.pinprobe.test"
    pins: lab
    ports: [$NGX]
    hosts: ["$host"]
revocation:
  from_chain: false
  urls: []
YAML
  env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy -u ALL_PROXY -u all_proxy \
    -u NO_PROXY -u no_proxy -u SSL_CERT_FILE -u SSL_CERT_DIR \
    "$pinprobe" check --format json --domains "$work/domains-$site.yaml" --pins "$work/pins" \
    --no-revocation --resolve "$host:$NGX:127.0.0.1" --site "$site" --push "$gateway" "$@" \
    >"$work/report-$site.json" 2>"$work/stderr-$site" || rc=$?
  echo "$rc" >"$work/rc.$site"
  python3 "$here/exit_status.py" "$work/report-$site.json" "$rc" ||
    { cat "$work/stderr-$site" >&2; exit 1; }
}

push lab-direct ok.pinprobe.test --no-proxy
push lab-bumped ok.pinprobe.test --proxy "http://127.0.0.1:$SQ_BUMP"
# No handshake (nothing listens on the port): the target is down and pinprobe_tls_intercepted
# is absent, not a false 0.
closed=$CLOSED  # held closed by the judge fixtures for their whole life
cat >"$work/domains-closed.yaml" <<YAML
version: 1
groups:
  - name: lab
    allowlist: "*.pinprobe.test"
    pins: lab
    ports: [$closed]
    hosts: ["ok.pinprobe.test"]
revocation:
  from_chain: false
  urls: []
YAML
env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy -u ALL_PROXY -u all_proxy \
  "$pinprobe" check --format json --domains "$work/domains-closed.yaml" --pins "$work/pins" \
  --no-revocation --resolve "ok.pinprobe.test:$closed:127.0.0.1" --no-proxy --site lab-closed \
  --push "$gateway" >/dev/null 2>"$work/stderr-closed" || true
# A push URL that already names its group is kept; only the instance is added. Two runs
# without --site from different machines (instances a and b) keep both groups.
push_group() {
  env -u HTTPS_PROXY -u https_proxy -u HTTP_PROXY -u http_proxy -u ALL_PROXY -u all_proxy \
    "$pinprobe" check --format prom --domains "$work/domains-lab-direct.yaml" --pins "$work/pins" \
    --no-revocation --resolve "ok.pinprobe.test:$NGX:127.0.0.1" --no-proxy "$@" >/dev/null \
    2>>"$work/stderr-groups" || { cat "$work/stderr-groups" >&2; exit 1; }
}
push_group --push "$gateway/metrics/job/pinprobe-ops/site/from-url"
push_group --push "$gateway/metrics/job/pinprobe-nosite/instance/probe-a"
push_group --push "$gateway/metrics/job/pinprobe-nosite/instance/probe-b"
push_group --push "$gateway/metrics/job/pinprobe-nosite"
[[ $(cat "$work/rc.lab-direct") == 0 && $(cat "$work/rc.lab-bumped") == 1 ]] || {
  echo "exit status: direct $(cat "$work/rc.lab-direct"), bumped $(cat "$work/rc.lab-bumped")" >&2
  exit 1
}
curl -fsS --noproxy '*' "$gateway/metrics" >"$work/readback.txt"

python3 - "$work/readback.txt" "$NGX" "$(uname -n)" "$closed" <<'PY'
import re, sys
text, port, me, closed = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3], sys.argv[4]
series = {}
for line in text.splitlines():
    m = re.match(r'^(pinprobe_\w+)\{(.*)\} (\S+)$', line)
    if m:
        labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2)))
        series.setdefault(m.group(1), []).append((labels, float(m.group(3))))
def value(name, **want):
    hits = [v for labels, v in series.get(name, [])
            if all(labels.get(k) == w for k, w in want.items())]
    if len(hits) != 1:
        print(f"expected one {name} {want}, found {hits}")
        print(text[:4000])
        sys.exit(1)
    return hits[0]
target = dict(host="ok.pinprobe.test", group="lab", port=port, job="pinprobe")
# The genuine server: up, pinned, not intercepted, one TLS_OK; the run passed.
assert value("pinprobe_target_up", site="lab-direct", **target) == 1
assert value("pinprobe_tls_intercepted", site="lab-direct", **target) == 0
assert value("pinprobe_pin_match", site="lab-direct", **target) == 1
assert value("pinprobe_findings", site="lab-direct", code="TLS_OK", **target) == 1
assert value("pinprobe_run_verdict", site="lab-direct", job="pinprobe") == 0
# The same target through the ssl-bump proxy, pushed under its own site: intercepted.
assert value("pinprobe_tls_intercepted", site="lab-bumped", **target) == 1
assert value("pinprobe_findings", site="lab-bumped", code="TLS_INTERCEPTED", **target) == 1
assert value("pinprobe_run_verdict", site="lab-bumped", job="pinprobe") == 2
# Who and what: the chain info names the re-signing CA; the build info the version; every
# group carries this machine's host name as its instance.
info = [l for l, v in series.get("pinprobe_tls_last_chain_info", []) if l.get("site") == "lab-bumped"]
assert len(info) == 1 and info[0]["resigning_ca"] == "CN=Pinprobe Inspection CA,O=pinprobe tests" \
    and info[0]["resigning_ca_pin"] != "" and info[0]["instance"] == me and info[0]["leaf_not_after"].endswith("Z"), info
direct_info = [l for l, v in series.get("pinprobe_tls_last_chain_info", []) if l.get("site") == "lab-direct"]
assert len(direct_info) == 1 and direct_info[0]["resigning_ca"] == "" and direct_info[0]["issuer"].startswith("CN=Pinprobe Test"), direct_info
assert value("pinprobe_build_info", site="lab-direct", job="pinprobe", instance=me) == 1
assert value("pinprobe_target_up", site="lab-direct", instance=me, **target) == 1
# No handshake: down, and no interception series at all for that run.
down = dict(target, port=closed)
assert value("pinprobe_target_up", site="lab-closed", **down) == 0
assert not [l for l, v in series.get("pinprobe_tls_intercepted", []) if l.get("site") == "lab-closed"], "tls_intercepted reported without a handshake"
# The URL's own grouping path, with the instance added.
assert value("pinprobe_run_verdict", job="pinprobe-ops", site="from-url", instance=me) == 0
# Pushes without --site: one group per instance, none replaced the other.
for inst in ("probe-a", "probe-b", me):
    assert value("pinprobe_run_verdict", job="pinprobe-nosite", instance=inst) == 0, inst
# The Pushgateway recorded both pushes as groups of their own.
for site in ("lab-direct", "lab-bumped"):
    if not re.search(r'^push_time_seconds\{.*job="pinprobe".*site="%s".*\} [0-9.e+]+$' % site,
                     text, re.M):
        print(f"no push_time_seconds for site {site}")
        sys.exit(1)
print("read back: %d pinprobe series" % sum(len(v) for v in series.values()))
PY
echo "ok: check --push read back from the pushgateway"
