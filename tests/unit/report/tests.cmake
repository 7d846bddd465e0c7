list(APPEND PROBE_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/json_report_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sample_report.cpp
  ${CMAKE_CURRENT_LIST_DIR}/golden.cpp
  ${CMAKE_CURRENT_LIST_DIR}/render_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/push_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/actions_test.cpp)

list(APPEND PROBE_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/document_test.cpp)
list(APPEND PROBE_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/atomic_file_test.cpp)
