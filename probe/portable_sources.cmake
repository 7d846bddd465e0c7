# Sources the MinGW check compiles: code with no Linux-only or non-header-only dependency,
# plus the Windows platform files. Paths relative to probe/.
set(PROBE_PORTABLE_SOURCES)
foreach(f core/assert.cpp core/clock.cpp core/finding.cpp core/http.cpp core/names.cpp
          core/report.cpp core/settings.cpp core/text.cpp core/units.cpp core/url.cpp
          lib/curl/socket_error.cpp lib/win/utf16.cpp report/atomic_file.cpp)
  list(APPEND PROBE_PORTABLE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
include(${CMAKE_CURRENT_LIST_DIR}/platform/windows_sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/device/windows_sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/explain/windows_sources.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/route/windows_sources.cmake)
foreach(f IN LISTS PROBE_WINDOWS_SOURCES)
  list(APPEND PROBE_PORTABLE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
