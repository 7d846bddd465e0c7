# libpacparser (Linux, macOS): the PAC engine; Windows uses WinHTTP (route/pac_windows.cpp).
if(NOT WIN32)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/context.cpp)
endif()
