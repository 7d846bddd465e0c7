# PROBE_FUZZ: libFuzzer targets (tests/fuzz/) with ASan + UBSan, clang only. The whole build is
# instrumented for coverage (-fsanitize=fuzzer-no-link) so the product code is what libFuzzer
# explores; only the fuzz targets link libFuzzer's main. Needs Debian's libclang-rt-14-dev.
if(PROBE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "PROBE_FUZZ needs clang (libFuzzer); configure with the `fuzz` preset")
  endif()
  if(PROBE_SANITIZE)
    message(FATAL_ERROR "PROBE_FUZZ brings its own sanitizers: leave PROBE_SANITIZE off")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
