# Every third-party library comes from the distribution (ci/install-deps.sh).
find_package(OpenSSL 3.0 REQUIRED)
find_package(CURL REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(CARES REQUIRED IMPORTED_TARGET libcares)
# explain's signature regexes (Debian libpcre2-dev).
pkg_check_modules(PCRE2 REQUIRED IMPORTED_TARGET libpcre2-8)
find_package(yaml-cpp REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(fmt REQUIRED)
find_package(doctest REQUIRED)
# Optional: explain reads .evtx exports with libevtx and zip bundles with libzip where they are
# installed (Debian libevtx-dev, libzip-dev); without them those inputs fail with a message.
pkg_check_modules(LIBEVTX IMPORTED_TARGET libevtx)
# libbfio (libbfio-dev): libevtx reads an .evtx held in memory (a zip entry) through it.
pkg_check_modules(LIBBFIO IMPORTED_TARGET libbfio)
pkg_check_modules(LIBZIP IMPORTED_TARGET libzip)
# The PAC engine on Linux and macOS (Debian libpacparser-dev ships no pkg-config file).
if(NOT WIN32)
  find_path(PACPARSER_INCLUDE_DIR pacparser.h REQUIRED)
  find_library(PACPARSER_LIBRARY pacparser REQUIRED)
  add_library(Pacparser::pacparser UNKNOWN IMPORTED)
  set_target_properties(Pacparser::pacparser PROPERTIES IMPORTED_LOCATION ${PACPARSER_LIBRARY}
                        INTERFACE_INCLUDE_DIRECTORIES ${PACPARSER_INCLUDE_DIR})
endif()
