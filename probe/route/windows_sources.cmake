# Windows route sources (WinHTTP), and the portable route logic, compiled by the MinGW check
# (probe/portable_sources.cmake).
list(APPEND PROBE_WINDOWS_SOURCES route/pac_windows.cpp route/pac_answer.cpp route/pac_script.cpp
     route/router.cpp)
