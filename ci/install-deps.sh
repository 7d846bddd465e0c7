#!/usr/bin/env bash
# Install the Debian/Ubuntu packages pinprobe needs.
#   ci/install-deps.sh [build|test]
#   build  what building pinprobe, its unit tests and its .deb need, and running it
#          (ci/quickstart.sh, README's first command)
#   test   that, plus the test toolchain: linters, the servers the integration tests start
#          (nginx, squid, dnsmasq, prometheus, pushgateway), Chromium, MinGW-w64 and Wine (the
#          Windows stage), man-db, systemd, zsh... (the default: ci/run, README's test command)
#
# Idempotent: asks dpkg which packages are missing and touches apt only for those, so a
# second run costs a few dpkg-query calls. Works as root or through sudo, never prompts.
# All output goes to stderr so that callers (ci/quickstart.sh) keep stdout for their own
# results.
set -euo pipefail
exec 1>&2

mode=${1:-test}
case $mode in
  build | test) ;;
  *)
    printf 'install-deps: unknown mode %q (expected build or test)\n' "$mode"
    exit 2
    ;;
esac

# Building and running: the compiler, CMake, the libraries and their headers, the unit tests'
# doctest, and what the .deb is made with (dpkg-dev's dpkg-shlibdeps, file, gzip).
build_packages=(
  build-essential g++ cmake ninja-build pkg-config git
  libssl-dev openssl libcurl4-openssl-dev libc-ares-dev libpcre2-dev
  libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libfmt-dev doctest-dev
  libevtx-dev libbfio-dev libzip-dev libpacparser-dev
  ca-certificates dpkg-dev file gzip
)
# The test toolchain: linters, sanitizer and fuzzing clang, the MinGW cross check, the real
# servers and validators of the integration tests, and the tools the packaging tests run
# (man -l, systemd-analyze verify, zsh for the completion script).
test_packages=(
  clang-format clang-tidy mingw-w64 clang-14 libclang-rt-14-dev
  python3 python3-jsonschema python3-junitparser python3-cryptography time curl
  nginx squid-openssl dnsmasq libxml2-utils libevtx-utils prometheus prometheus-pushgateway chromium
  prometheus-blackbox-exporter iproute2 procps man-db systemd zsh
  gcc-mingw-w64-x86-64-posix g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64
  mingw-w64-x86-64-dev wine wine64 dpkg-dev
)
packages=("${build_packages[@]}")
[[ $mode == build ]] || packages+=("${test_packages[@]}")

# Daemons that Debian starts on installation. The tests start their own instances on
# loopback high ports as the current user, so the system copies are never needed.
system_services=()
[[ $mode == build ]] || system_services=(nginx squid dnsmasq prometheus prometheus-pushgateway)

lock_wait_seconds=${PINPROBE_APT_LOCK_WAIT:-900}
lock_poll_seconds=10
lock_files=(
  /var/lib/dpkg/lock-frontend
  /var/lib/dpkg/lock
  /var/lib/apt/lists/lock
  /var/cache/apt/archives/lock
)

log() { printf 'install-deps: %s\n' "$*"; }

if [[ $(id -u) -eq 0 ]]; then
  as_root() { env DEBIAN_FRONTEND=noninteractive "$@"; }
else
  if ! command -v sudo >/dev/null 2>&1; then
    log "not root and sudo is not installed; run this script as root"
    exit 1
  fi
  # With no terminal a password prompt would hang CI: fail fast instead.
  sudo_flags=()
  [[ -t 0 ]] || sudo_flags=(-n)
  as_root() { sudo "${sudo_flags[@]}" env DEBIAN_FRONTEND=noninteractive "$@"; }
fi

# Prints the packages whose dpkg status is not "install ok installed", one per line. One
# dpkg-query call for the whole list (unknown packages print nothing and make it exit 1).
missing_packages() {
  local -A installed=()
  local pkg status
  while read -r pkg status; do
    if [[ $status == "install ok installed" ]]; then
      installed[${pkg%%:*}]=1
    fi
  done < <(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null || true)
  for pkg in "${packages[@]}"; do
    [[ -v installed[$pkg] ]] || printf '%s\n' "$pkg"
  done
}

# Prints the PIDs holding an apt/dpkg lock. apt takes fcntl() locks, which flock(1)
# cannot see, so read /proc/locks (see proc(5)) and match the lock files' inodes.
lock_holders() {
  local file inode
  local -a inodes=()
  for file in "${lock_files[@]}"; do
    inode=$(stat -c %i "$file" 2>/dev/null) && inodes+=("$inode")
  done
  ((${#inodes[@]})) || return 0
  awk -v inodes="${inodes[*]}" '
    BEGIN { n = split(inodes, list, " "); for (i = 1; i <= n; i++) want[list[i]] = 1 }
    {
      for (f = 1; f <= NF; f++) {
        if ($f ~ /^[0-9a-f]+:[0-9a-f]+:[0-9]+$/) {
          split($f, parts, ":")
          if (parts[3] in want) print $(f - 1)
          break
        }
      }
    }' /proc/locks 2>/dev/null | sort -u
}

# Waits (bounded) until no process holds an apt/dpkg lock; fails when the bound is hit.
wait_for_apt_locks() {
  local waited=0 holders
  while holders=$(lock_holders) && [[ -n $holders ]]; do
    if ((waited >= lock_wait_seconds)); then
      log "apt/dpkg lock still held after ${waited}s by pid(s): ${holders//$'\n'/ }"
      return 1
    fi
    log "apt/dpkg lock held by pid(s) ${holders//$'\n'/ }; waiting (${waited}s/${lock_wait_seconds}s)"
    sleep "$lock_poll_seconds"
    waited=$((waited + lock_poll_seconds))
  done
}

# Stops and disables a system daemon if it is running; failures are ignored (containers
# often have no init system, and policy-rc.d may forbid service actions).
stop_system_service() {
  local svc=$1
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
    if systemctl is-active --quiet "$svc" 2>/dev/null || systemctl is-enabled --quiet "$svc" 2>/dev/null; then
      log "disabling system service $svc (tests run their own instances)"
      as_root systemctl disable --now "$svc" >/dev/null 2>&1 || true
    fi
  elif [[ -x /etc/init.d/$svc ]]; then
    # Debian's init scripts track their daemon in one of these pid files; without one the
    # service is not running, and skipping the status call keeps the no-op run instant.
    [[ -e /run/$svc.pid || -e /run/$svc/$svc.pid || -e /run/prometheus/$svc.pid ]] || return 0
    if "/etc/init.d/$svc" status >/dev/null 2>&1; then
      log "stopping system service $svc (tests run their own instances)"
      as_root "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
      if command -v update-rc.d >/dev/null 2>&1; then
        as_root update-rc.d "$svc" disable >/dev/null 2>&1 || true
      fi
    fi
  fi
}

mapfile -t missing < <(missing_packages)
if ((${#missing[@]})); then
  # Another apt run (often the one installing these very packages) may hold the lock.
  wait_for_apt_locks
  mapfile -t missing < <(missing_packages)
fi

if ((${#missing[@]})); then
  log "installing ${#missing[@]} missing package(s): ${missing[*]}"
  # A dpkg run that was interrupted leaves packages unpacked but unconfigured.
  as_root dpkg --configure -a
  apt_opts=(-q -o DPkg::Lock::Timeout="$lock_wait_seconds")
  as_root apt-get "${apt_opts[@]}" update
  as_root apt-get "${apt_opts[@]}" install -y --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${missing[@]}"
  mapfile -t still_missing < <(missing_packages)
  if ((${#still_missing[@]})); then
    log "still missing after apt-get install: ${still_missing[*]}"
    exit 1
  fi
else
  log "all ${#packages[@]} packages present ($mode)"
fi

for svc in "${system_services[@]+"${system_services[@]}"}"; do
  stop_system_service "$svc"
done
