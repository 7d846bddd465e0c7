# Cross-compile for 64-bit Windows with MinGW-w64 (Debian package mingw-w64). Used by the
# mingw-check preset, which only proves that the Windows sources compile.
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
# Build tools come from the host; headers, libraries and packages only from the target root.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
