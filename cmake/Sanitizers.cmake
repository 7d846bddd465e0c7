# ASan + UBSan for the whole build (leak checking stays on: ASAN_OPTIONS=detect_leaks=1).
if(PROBE_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
