#!/usr/bin/env bash
# The whole Windows stage (issue 16), on a clean clone: installs what it needs (MinGW-w64, Wine,
# dpkg-dev; a no-op when present), adds a deb-src entry for the configured Debian archive when
# there is none, builds the Windows libraries from Debian's source packages or reuses their
# cache (ci/mingw-deps.sh), cross-builds pinprobe.exe and the unit-test executable, runs the unit
# tests and the loopback integration checks under Wine (CTest labels unit and wine), and writes
# build/pinprobe-<version>-win64.zip with CPack. Each step's wall time goes to stderr as
# "windows <step>: <seconds>s"; the last line on stdout is the CTest summary. Exits non-zero on
# any failure. `ci/windows.sh deps` stops after the dependency prefix.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export CI=${CI:-true}
build=build/windows
log_dir=build/ci-logs
mkdir -p "$log_dir"

now_us() { printf '%s' "${EPOCHREALTIME//[!0-9]/}"; }
step() {
  local name=$1 start rc=0 elapsed
  shift
  start=$(now_us)
  "$@" || rc=$?
  elapsed=$(($(now_us) - start))
  printf 'windows %s: %d.%01ds\n' "$name" $((elapsed / 1000000)) $((elapsed % 1000000 / 100000)) >&2
  if ((rc != 0)); then
    printf 'windows %s failed (exit %d)\n' "$name" "$rc" >&2
    exit "$rc"
  fi
}

packages=(gcc-mingw-w64-x86-64-posix g++-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64
  mingw-w64-x86-64-dev wine wine64 dpkg-dev cmake ninja-build pkgconf python3 openssl nginx
  squid-openssl dnsmasq libssl-dev libcurl4-openssl-dev libc-ares-dev libyaml-cpp-dev libfmt-dev
  libcli11-dev nlohmann-json3-dev doctest-dev)
install_packages() {
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return 0
  echo "installing: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# A deb-src entry for every configured Debian deb entry (same URIs and suites), when apt knows no
# source packages yet: `apt-get source` then fetches from the same archive as the binaries.
add_deb_src() {
  if apt-cache showsrc c-ares 2>/dev/null | grep -q '^Version:'; then return 0; fi
  local out=/etc/apt/sources.list.d/pinprobe-deb-src.sources f
  : >"$out.tmp"
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f && $f != "$out" ]] || continue
    grep -q 'debian' "$f" || continue
    sed 's/^Types: deb$/Types: deb-src/' "$f" >>"$out.tmp"
    printf '\n' >>"$out.tmp"
  done
  if [[ -f /etc/apt/sources.list ]]; then
    grep -E '^deb[[:space:]]' /etc/apt/sources.list | grep debian | sed 's/^deb /deb-src /' \
      >/etc/apt/sources.list.d/pinprobe-deb-src.list || true
  fi
  if [[ -s $out.tmp ]]; then mv "$out.tmp" "$out"; else rm -f "$out.tmp"; fi
  apt-get update -qq
  apt-cache showsrc c-ares 2>/dev/null | grep -q '^Version:' ||
    { echo "no Debian source packages available after adding deb-src entries" >&2; return 1; }
}

deps_prefix=
build_deps() {
  deps_prefix=$(bash ci/mingw-deps.sh | tail -n 1)
  [[ -f $deps_prefix/.complete ]]
}

# -O2 as in the ci preset. GCC 12's -Wrestrict and -Wnull-dereference report false positives
# inside MinGW's libstdc++ string and unique_ptr code at -O2 (GCC PR105329, PR105651): they stay
# warnings there; every other warning is an error, as on Linux.
cross_build() {
  local launcher=()
  command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  cmake -S . -B "$build" -G Ninja -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/toolchains/mingw-w64.cmake" \
    -DPROBE_MINGW_DEPS="$deps_prefix" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" \
    -DPROBE_WERROR=ON "-DCMAKE_CXX_FLAGS=-Wno-error=restrict -Wno-error=null-dereference" \
    -DCMAKE_CROSSCOMPILING_EMULATOR="$PWD/tests/windows/wine.sh" "${launcher[@]}" >/dev/null
  nice -n 10 cmake --build "$build" -j2 --target pinprobe pinprobe_unit_tests cert_store_tool -- -k 0
}

run_tests() {
  local rc=0
  # The wine prefix lives in build/windows (tests/windows/wine.sh), never in a Linux build tree.
  ctest --test-dir "$build" -L 'unit|wine' --output-on-failure -j2 --timeout 300 \
    >"$log_dir/ctest-windows.log" 2>&1 || rc=$?
  grep -E '^(The following tests FAILED|[[:space:]]+[0-9]+ - )' "$log_dir/ctest-windows.log" >&2 || true
  if ((rc != 0)); then tail -n 80 "$log_dir/ctest-windows.log" >&2; fi
  return "$rc"
}

package_zip() {
  local version zip
  version=$(sed -n 's/^project(pinprobe VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
  zip=build/pinprobe-$version-win64.zip
  rm -f "$zip"
  (cd "$build" && cpack -G ZIP >/dev/null)
  python3 - "$zip" "pinprobe-$version-win64" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
want = {f"{sys.argv[2]}/{n}" for n in ("pinprobe.exe", "README.md", "domains.example.yaml")}
missing = want - names
if missing:
    sys.exit(f"{sys.argv[1]} lacks {sorted(missing)}; has {sorted(names)}")
print(f"{sys.argv[1]}: {', '.join(sorted(names))}", file=sys.stderr)
PY
}

step apt install_packages
step deb-src add_deb_src
step deps build_deps
# `ci/windows.sh deps`: only the dependency prefix (ci/run starts this in the background early,
# so that the cold build of the Windows libraries overlaps the Linux stages).
if [[ ${1:-} == deps ]]; then exit 0; fi
step build cross_build
step test run_tests
step zip package_zip
grep -E '^[0-9]+% tests passed' "$log_dir/ctest-windows.log" | tail -n 1
