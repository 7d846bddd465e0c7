# Windows-only device sources, compiled by the MinGW check (probe/portable_sources.cmake).
list(APPEND PROBE_WINDOWS_SOURCES device/tpm_windows.cpp device/tpm_probe.cpp)
