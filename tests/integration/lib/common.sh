#!/usr/bin/env bash
# Shared integration fixture helpers (source this file): prerequisites, free loopback ports,
# test PKI, and nginx / squid / dnsmasq started on loopback with their own config, pid and log
# files under a state directory in the build tree. Every wait is bounded.
set -euo pipefail

# Exit code CTest treats as "skipped" (SKIP_RETURN_CODE).
readonly PROBE_SKIP=77

# This file's directory (the helpers beside it).
common_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# need TOOL...: a missing tool skips the test locally and fails it under CI=true.
need() {
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      if [[ ${CI:-} == true ]]; then
        echo "missing prerequisite: $tool" >&2
        exit 1
      fi
      echo "skipping: $tool is not installed" >&2
      exit "$PROBE_SKIP"
    fi
  done
}

# valid_json SCHEMA FILE: FILE validates against schema/SCHEMA (tests/schema/validate_report.py,
# python3-jsonschema); without the module it skips locally and fails under CI=true.
valid_json() {
  local root out rc=0
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
  out=$(python3 "$root/tests/schema/validate_report.py" "$root/schema/$1" "$2" 2>&1) || rc=$?
  ((rc == 0)) && return 0
  echo "$out" >&2
  ((rc == PROBE_SKIP)) && exit "$PROBE_SKIP"
  echo "$2 does not validate against schema/$1" >&2
  exit 1
}

# free_port [tcp|udp] [host]: a port for a fixture's server, reserved for this run: taken from
# below the kernel's ephemeral range and claimed by a file so parallel fixtures never share it
# (lib/reserve_port.py says why a released bind(0) port is not good enough).
free_port() {
  python3 "$common_lib_dir/reserve_port.py" "${1:-tcp}" "${2:-127.0.0.1}"
}

# hold_closed_port STATE_DIR: sets `closed` to a loopback TCP port that refuses connections
# for the fixture's whole life. A port that was merely free at setup time may be bound later by
# another suite's server running in parallel (a "refused" test then meets a listener), so a
# holder process keeps the port bound without listening (connects are refused, and neither
# bind(0) nor the kernel's ephemeral ports hand it out again) until cleanup stops it
# (STATE_DIR/closed-port.pid). The holder exits by itself after 90 minutes (as the fault server).
hold_closed_port() {
  local dir=$1 portfile=$1/closed-port.port
  rm -f "$portfile"
  python3 - "$portfile" >/dev/null 2>&1 </dev/null <<'PY' &
import os, socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(("127.0.0.1", 0))
tmp = sys.argv[1] + ".tmp"
with open(tmp, "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(tmp, sys.argv[1])
time.sleep(5400)
PY
  echo $! >"$dir/closed-port.pid"
  wait_file "$portfile"
  closed=$(cat "$portfile")
}

# enter_scenario STATE_DIR NAME: for one scenario of a suite whose fixtures are up: their
# settings (STATE_DIR/state.env, sourced), `pki` (STATE_DIR/pki) and `work`, a fresh
# STATE_DIR/run-NAME directory.
enter_scenario() {
  [[ -s $1/state.env ]] || { echo "fixtures are not up ($1/state.env)" >&2; exit 1; }
  # shellcheck source=/dev/null
  source "$1/state.env"
  pki=$1/pki
  work=$1/run-$2
  rm -rf "$work"
  mkdir -p "$work"
}

# wait_tcp PORT [HOST]: waits up to 10 s for a listener.
wait_tcp() {
  local i
  for ((i = 0; i < 100; i++)); do
    if python3 -c "import socket,sys; socket.create_connection(('${2:-127.0.0.1}', $1), 0.2)" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "nothing listens on ${2:-127.0.0.1}:$1" >&2
  return 1
}

# wait_file FILE: waits up to 10 s for FILE to exist.
wait_file() {
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -s $1 ]] && return 0
    sleep 0.1
  done
  echo "timed out waiting for $1" >&2
  return 1
}

# stop_pid_file FILE: stops the process whose pid FILE holds (bounded: TERM, then KILL).
stop_pid_file() {
  local file=$1 pid i
  [[ -s $file ]] || return 0
  # nginx and squid remove their own pid file as they exit: it may be gone by now.
  pid=$(cat "$file" 2>/dev/null) || return 0
  [[ -n $pid ]] || return 0
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$file"
}

# gen_ca DIR NAME CN: a self-signed root CA (DIR/NAME.pem, DIR/NAME.key).
gen_ca() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 \
    -keyout "$1/$2.key" -out "$1/$2.pem" -subj "/O=pinprobe tests/CN=$3" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    2>/dev/null
}

# gen_intermediate DIR NAME CN ISSUER: an intermediate CA signed by DIR/ISSUER.
gen_intermediate() {
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1/$2.key" \
    -out "$1/$2.csr" -subj "/O=pinprobe tests/CN=$3" 2>/dev/null
  printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n' \
    >"$1/$2.ext"
  openssl x509 -req -in "$1/$2.csr" -CA "$1/$4.pem" -CAkey "$1/$4.key" -CAcreateserial \
    -days 30 -extfile "$1/$2.ext" -out "$1/$2.pem" 2>/dev/null
}

# gen_leaf DIR NAME ISSUER DNS...: a server certificate for the names, signed by DIR/ISSUER;
# DIR/NAME-chain.pem holds leaf + issuer (what the server presents).
gen_leaf() {
  local dir=$1 name=$2 issuer=$3
  shift 3
  local san="" n
  for n in "$@"; do san+="${san:+,}DNS:$n"; done
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$dir/$name.key" \
    -out "$dir/$name.csr" -subj "/CN=${1:-x}" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n' "$san" \
    >"$dir/$name.ext"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/$issuer.pem" -CAkey "$dir/$issuer.key" \
    -CAcreateserial -days 30 -extfile "$dir/$name.ext" -out "$dir/$name.pem" 2>/dev/null
  cat "$dir/$name.pem" "$dir/$issuer.pem" >"$dir/$name-chain.pem"
}

# spki_pin PEM: the RFC 7469 pin (base64 SHA-256 of the SubjectPublicKeyInfo) of a certificate.
spki_pin() {
  openssl x509 -in "$1" -pubkey -noout | openssl pkey -pubin -outform der |
    openssl dgst -sha256 -binary | base64
}

# write_lab_pinset DIR ROOT_PEM LABEL DESCRIPTION: pinset "lab" in DIR/lab.yaml pinning
# ROOT_PEM (copied to DIR/root.pem as its anchor), so that fixture chains judge TLS_OK. Written
# in SPEC §2's own form (sha256, label, cert; no role): the role "root" comes from the anchor.
write_lab_pinset() {
  cp "$2" "$1/root.pem"
  cat >"$1/lab.yaml" <<YAML
name: lab
description: $4
pins:
  - sha256: "$(spki_pin "$2")"
    label: "$3"
    cert: root.pem
YAML
}
