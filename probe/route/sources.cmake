list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/pac_answer.cpp ${CMAKE_CURRENT_LIST_DIR}/pac_script.cpp
     ${CMAKE_CURRENT_LIST_DIR}/pac_source.cpp ${CMAKE_CURRENT_LIST_DIR}/router.cpp
     ${CMAKE_CURRENT_LIST_DIR}/routed_http.cpp ${CMAKE_CURRENT_LIST_DIR}/compare.cpp)
if(WIN32)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/pac_windows.cpp)
else()
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/pac_pacparser.cpp
       ${CMAKE_CURRENT_LIST_DIR}/system_proxy_posix.cpp)
endif()
