# Windows-only platform sources (paths relative to probe/), compiled by the MinGW check.
set(PROBE_WINDOWS_SOURCES platform/trust_store_windows.cpp platform/trust_store.cpp
                          platform/console_windows.cpp)
