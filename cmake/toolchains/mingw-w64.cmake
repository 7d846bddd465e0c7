# Cross-compile for 64-bit Windows with MinGW-w64 (Debian package mingw-w64). Used by the
# mingw-check preset (compile only), by ci/mingw-deps.sh for the Windows libraries and by
# ci/windows.sh for pinprobe.exe. PROBE_MINGW_DEPS (cache variable or environment) names the
# prefix ci/mingw-deps.sh built; packages, libraries and headers are then found there too.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(mingw_triplet x86_64-w64-mingw32)

# Debian's default x86_64-w64-mingw32-g++ uses the "win32" thread model, whose GCC 12
# libstdc++ has no std::thread / std::mutex; the "-posix" variant of the same compiler has
# them. Prefer it when installed.
find_program(mingw_cxx NAMES ${mingw_triplet}-g++-posix ${mingw_triplet}-g++ REQUIRED)
find_program(mingw_cc NAMES ${mingw_triplet}-gcc-posix ${mingw_triplet}-gcc REQUIRED)
find_program(mingw_rc NAMES ${mingw_triplet}-windres)
set(CMAKE_CXX_COMPILER ${mingw_cxx})
set(CMAKE_C_COMPILER ${mingw_cc})
if(mingw_rc)
  set(CMAKE_RC_COMPILER ${mingw_rc})
endif()

set(CMAKE_FIND_ROOT_PATH /usr/${mingw_triplet})
if(NOT PROBE_MINGW_DEPS AND DEFINED ENV{PROBE_MINGW_DEPS})
  set(PROBE_MINGW_DEPS $ENV{PROBE_MINGW_DEPS})
endif()
if(PROBE_MINGW_DEPS)
  list(PREPEND CMAKE_FIND_ROOT_PATH ${PROBE_MINGW_DEPS})
  # pkg-config (c-ares' libcares.pc) must see the Windows prefix only, never the host's .pc files.
  set(ENV{PKG_CONFIG_LIBDIR} ${PROBE_MINGW_DEPS}/lib/pkgconfig)
  set(ENV{PKG_CONFIG_PATH} "")
  set(ENV{PKG_CONFIG_SYSROOT_DIR} "")
endif()
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES PROBE_MINGW_DEPS)
# Build tools come from the host; headers, libraries and packages only from the target root.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# One self-contained pinprobe.exe: libstdc++, libgcc and winpthread linked in statically, and
# the static builds of OpenSSL and libcurl that ci/mingw-deps.sh installs.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(OPENSSL_USE_STATIC_LIBS ON)
set(CURL_USE_STATIC_LIBS ON)
