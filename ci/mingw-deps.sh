#!/usr/bin/env bash
# Build the C/C++ libraries pinprobe.exe links (OpenSSL, c-ares, libcurl, yaml-cpp, fmt, PCRE2) for
# x86_64 Windows with MinGW-w64, from Debian's own source packages of the versions the Linux
# build uses (`apt-get source`, from a deb-src entry for the same archive as the deb one), as
# static libraries. Header-only libraries (CLI11, nlohmann/json, doctest) are staged from their
# installed Debian packages.
#
# The result is cached outside the clone, in $PINPROBE_MINGW_CACHE (default
# /var/cache/pinprobe/mingw-deps)/<key>, where <key> hashes the source package versions, the
# cross compiler's version, this script and the toolchain file. A later run with the same key
# reuses it. The prefix is printed as the last line of stdout.
#
# libevtx and libzip (explain's .evtx and zip readers on Linux) are not built: on Windows those
# inputs fail with a message naming the missing reader (see probe/explain).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache_root=${PINPROBE_MINGW_CACHE:-/var/cache/pinprobe/mingw-deps}
triplet=x86_64-w64-mingw32
jobs=${PINPROBE_MINGW_JOBS:-2}
toolchain=$repo/cmake/toolchains/mingw-w64.cmake

log() { printf 'mingw-deps: %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# source package -> the installed binary package whose version the Linux build uses.
declare -A dev_package=(
  [openssl]=libssl-dev
  [c-ares]=libc-ares-dev
  [curl]=libcurl4-openssl-dev
  [yaml-cpp]=libyaml-cpp-dev
  [fmtlib]=libfmt-dev
  [pcre2]=libpcre2-dev
)
sources=(openssl c-ares curl yaml-cpp fmtlib pcre2)

command -v "$triplet-gcc-posix" >/dev/null || die "$triplet-gcc-posix not installed (apt-get install gcc-mingw-w64-x86-64-posix)"
command -v dpkg-source >/dev/null || die "dpkg-source not installed (apt-get install dpkg-dev)"

# The source version to build for each package: the installed -dev package's source version
# when the archive still has it, else the nearest one it has (newer first: a security update
# replaced it); the second case is reported, since Linux and Windows then differ until the
# host upgrades. Source packages are downloaded once into $cache_root/sources.
source_cache=$cache_root/sources
mkdir -p "$source_cache"
fetch_source() { # <package> <version>: the .dsc in the source cache, downloading it if needed
  local dsc="$source_cache/${1}_${2#*:}.dsc"
  if [[ ! -f $dsc ]]; then
    (cd "$source_cache" && apt-get source --download-only --only-source -qq "$1=$2") \
      >"$source_cache/$1.log" 2>&1 || return 1
  fi
  [[ -f $dsc ]]
}
declare -A version
for src in "${sources[@]}"; do
  pkg=${dev_package[$src]}
  installed=$(dpkg-query -W -f='${source:Version}' "$pkg" 2>/dev/null) ||
    die "$pkg is not installed (ci/install-deps.sh installs it)"
  available=$(apt-cache showsrc "$src" 2>/dev/null | sed -n 's/^Version: //p' | sort -u)
  [[ -n $available ]] || die "no source package '$src' known to apt: is there a deb-src entry? (ci/windows.sh adds one)"
  candidates=$installed
  while read -r v; do
    [[ $v == "$installed" ]] && continue
    if dpkg --compare-versions "$v" gt "$installed"; then newer+=("$v"); else older+=("$v"); fi
  done < <(sort -V <<<"$available")
  candidates="$installed ${newer[*]:-} $(printf '%s\n' "${older[@]:-}" | tac | tr '\n' ' ')"
  unset newer older
  for v in $candidates; do
    if fetch_source "$src" "$v"; then
      version[$src]=$v
      break
    fi
  done
  [[ -n ${version[$src]:-} ]] || die "no source of $src could be downloaded (tried: $candidates); see $source_cache/$src.log"
  if [[ ${version[$src]} != "$installed" ]]; then
    log "warning: $pkg $installed is installed but its source is not in the archive; building $src ${version[$src]}; 'apt-get install --only-upgrade $pkg' aligns the Linux build"
  fi
done

compiler_version=$("$triplet-gcc-posix" --version | head -n 1)
key=$({
  for src in "${sources[@]}"; do printf '%s=%s\n' "$src" "${version[$src]}"; done
  printf '%s\n' "$compiler_version"
  sha256sum "${BASH_SOURCE[0]}" "$toolchain" | cut -d' ' -f1
  for pkg in libcli11-dev nlohmann-json3-dev doctest-dev; do dpkg-query -W -f='${Package}=${Version}\n' "$pkg"; done
} | sha256sum | cut -c1-16)
prefix=$cache_root/$key

mkdir -p "$cache_root"
# One builder per key at a time; a second run waits and then reuses the finished prefix.
exec 9>"$cache_root/$key.lock"
flock 9
if [[ -f $prefix/.complete ]]; then
  log "reusing $prefix"
  printf '%s\n' "$prefix"
  exit 0
fi

log "building into $prefix (key $key)"
for src in "${sources[@]}"; do log "  $src ${version[$src]}"; done
work=$cache_root/$key.work
rm -rf "$work"
mkdir -p "$prefix/.stamps" "$work"
# The work tree goes on exit; the prefix stays with a stamp per finished library, so that a run
# after a failure (same key) resumes at the library that failed.
trap 'rm -rf "$work"' EXIT

export CC=$triplet-gcc-posix CXX=$triplet-g++-posix AR=$triplet-ar RANLIB=$triplet-ranlib \
  RC=$triplet-windres
run() { nice -n 10 "$@"; }

cd "$work"
declare -A stamp_of=([openssl]=openssl [c-ares]=c-ares [curl]=curl [yaml-cpp]=yaml-cpp [fmtlib]=fmt [pcre2]=pcre2)
for src in "${sources[@]}"; do
  [[ -f $prefix/.stamps/${stamp_of[$src]} ]] && continue
  run dpkg-source --no-check -x "$source_cache/${src}_${version[$src]#*:}.dsc" >"$work/$src-source.log" 2>&1 ||
    { cat "$work/$src-source.log" >&2; die "dpkg-source -x $src ${version[$src]} failed"; }
done
srcdir() {
  local upstream=${version[$1]#*:}
  upstream=${upstream%-*}
  local dir=$work/$1-$upstream
  [[ -d $dir ]] || die "unpacked source $dir not found"
  printf '%s' "$dir"
}

# built NAME: true when NAME is already in the prefix (a resumed build).
built() { [[ -f $prefix/.stamps/$1 ]]; }
done_with() { touch "$prefix/.stamps/$1"; }

# cmake_build NAME DIR ARGS...: configure, build and install a CMake project into the prefix;
# PROBE_MINGW_DEPS makes the toolchain file search the prefix (libraries built before).
cmake_build() {
  local name=$1 dir=$2
  shift 2
  run cmake -S "$dir" -B "$work/build-$name" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE="$toolchain" -DCMAKE_INSTALL_PREFIX="$prefix" \
    -DPROBE_MINGW_DEPS="$prefix" -DBUILD_SHARED_LIBS=OFF "$@" \
    >"$work/$name-configure.log" 2>&1 || { tail -n 40 "$work/$name-configure.log" >&2; die "$name: configure failed"; }
  run cmake --build "$work/build-$name" -j"$jobs" >"$work/$name-build.log" 2>&1 ||
    { tail -n 40 "$work/$name-build.log" >&2; die "$name: build failed"; }
  cmake --install "$work/build-$name" >/dev/null
  done_with "$name"
}

# The quick libraries first (a broken recipe fails in seconds), then OpenSSL, then libcurl.
# c-ares: Debian's CVE-2023-31130 patch to inet_net_pton.c uses INADDRSZ, which only glibc's
# <arpa/nameser_compat.h> defines; c-ares' own name for it is NS_INADDRSZ.
built c-ares || { log "c-ares"; cmake_build c-ares "$(srcdir c-ares)" -DCARES_STATIC=ON -DCARES_SHARED=OFF \
  -DCARES_STATIC_PIC=OFF -DCARES_BUILD_TOOLS=OFF -DCARES_BUILD_TESTS=OFF -DCARES_INSTALL=ON \
  -DCMAKE_C_FLAGS=-DINADDRSZ=NS_INADDRSZ; }

built yaml-cpp || { log "yaml-cpp"; cmake_build yaml-cpp "$(srcdir yaml-cpp)" -DYAML_CPP_BUILD_TESTS=OFF \
  -DYAML_CPP_BUILD_TOOLS=OFF -DYAML_CPP_BUILD_CONTRIB=OFF -DYAML_BUILD_SHARED_LIBS=OFF; }

built fmt || { log "fmt"; cmake_build fmt "$(srcdir fmtlib)" -DFMT_DOC=OFF -DFMT_TEST=OFF -DFMT_INSTALL=ON; }

# PCRE2 (explain's signature matcher): the 8-bit library with its JIT, no tools. A static
# libpcre2-8 needs PCRE2_STATIC wherever pcre2.h is included (else its functions are declared
# dllimport): the installed .pc file says so, so that every consumer gets it.
built pcre2 || {
  log "pcre2"
  cmake_build pcre2 "$(srcdir pcre2)" -DPCRE2_BUILD_PCRE2_8=ON -DPCRE2_BUILD_PCRE2_16=OFF \
    -DPCRE2_BUILD_PCRE2_32=OFF -DPCRE2_SUPPORT_JIT=ON -DPCRE2_BUILD_PCRE2GREP=OFF \
    -DPCRE2_BUILD_TESTS=OFF -DPCRE2_SUPPORT_LIBBZ2=OFF -DPCRE2_SUPPORT_LIBZ=OFF \
    -DPCRE2_SUPPORT_LIBEDIT=OFF -DPCRE2_SUPPORT_LIBREADLINE=OFF
  [[ -f $prefix/lib/pkgconfig/libpcre2-8.pc ]] || die "pcre2: no libpcre2-8.pc installed"
  sed -i '/^Cflags:/{/PCRE2_STATIC/!s/$/ -DPCRE2_STATIC/}' "$prefix/lib/pkgconfig/libpcre2-8.pc"
}

# OpenSSL: libraries only (build_libs/install_dev: no apps, no manuals), no tests, no loadable
# modules, and without algorithms and protocols nothing here uses (pinprobe judges TLS 1.0 to
# 1.3 chains, OCSP, CRLs, CT and PKCS#7 for SCEP; libcurl's NTLM needs MD4 and DES). The mingw64
# target links the Windows libraries it needs (ws2_32, crypt32, ...).
if ! built openssl; then
  log "openssl"
  (
    cd "$(srcdir openssl)"
    run ./Configure mingw64 no-shared no-tests no-module no-dso no-engine no-legacy no-dtls \
      no-camellia no-idea no-seed no-whirlpool no-mdc2 no-rc5 no-sm2 no-sm3 no-sm4 no-aria no-srp \
      no-siphash --prefix="$prefix" --libdir=lib \
      >"$work/openssl-configure.log" 2>&1 || { tail -n 40 "$work/openssl-configure.log" >&2; exit 1; }
    run make -j"$jobs" build_libs >"$work/openssl-build.log" 2>&1 || { tail -n 40 "$work/openssl-build.log" >&2; exit 1; }
    make install_dev >/dev/null
  ) || die "openssl failed"
  done_with openssl
fi

# libcurl: HTTP and HTTPS only, TLS through OpenSSL, names through c-ares; no curl tool.
# CARES_STATICLIB: curl's build does not define it, and without it ares.h declares the
# functions dllimport, which the static libcares.a cannot satisfy.
built curl || { log "curl"; cmake_build curl "$(srcdir curl)" -DBUILD_CURL_EXE=OFF -DBUILD_TESTING=OFF \
  -DHTTP_ONLY=ON -DCURL_USE_OPENSSL=ON -DCURL_USE_SCHANNEL=OFF -DENABLE_ARES=ON -DCURL_ZLIB=OFF \
  -DCURL_BROTLI=OFF -DCURL_ZSTD=OFF -DUSE_NGHTTP2=OFF -DUSE_LIBIDN2=OFF -DCURL_USE_LIBSSH2=OFF \
  -DCURL_USE_LIBPSL=OFF -DENABLE_MANUAL=OFF -DCURL_DISABLE_LDAP=ON -DCURL_DISABLE_LDAPS=ON \
  -DENABLE_UNIX_SOCKETS=OFF -DOPENSSL_ROOT_DIR="$prefix" -DOPENSSL_USE_STATIC_LIBS=ON \
  -DCMAKE_C_FLAGS=-DCARES_STATICLIB; }

# Header-only libraries from their Debian packages: headers and CMake package files copied
# into the prefix (doctest's files name /usr literally; they are pointed at the prefix).
log "header-only: CLI11, nlohmann/json, doctest"
for pkg in libcli11-dev nlohmann-json3-dev doctest-dev; do
  dpkg -L "$pkg" | while read -r path; do
    [[ -f $path ]] || continue
    case $path in
      /usr/include/*) rel=include/${path#/usr/include/} ;;
      /usr/share/cmake/*) rel=lib/cmake/${path#/usr/share/cmake/} ;;
      /usr/lib/cmake/*) rel=lib/cmake/${path#/usr/lib/cmake/} ;;
      *) continue ;;
    esac
    mkdir -p "$prefix/$(dirname "$rel")"
    cp "$path" "$prefix/$rel"
  done
done
sed -i "s|_IMPORT_PREFIX \"/usr\"|_IMPORT_PREFIX \"$prefix\"|" "$prefix"/lib/cmake/doctest/doctestTargets.cmake

{
  for src in "${sources[@]}"; do printf '%s %s\n' "$src" "${version[$src]}"; done
  printf 'compiler %s\n' "$compiler_version"
} >"$prefix/VERSIONS"
touch "$prefix/.complete"
log "done: $prefix"
printf '%s\n' "$prefix"
