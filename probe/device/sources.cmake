foreach(f tpm_probe.cpp tpm_linux.cpp tpm_macos.cpp tpm_windows.cpp)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
