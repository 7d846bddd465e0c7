# The Windows API adapters (UTF-16 strings), compiled on Windows only.
if(WIN32)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/utf16.cpp)
endif()
