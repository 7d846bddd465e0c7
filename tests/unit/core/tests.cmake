list(APPEND PROBE_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/finding_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/report_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/result_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/text_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/units_test.cpp)
