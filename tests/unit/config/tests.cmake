list(APPEND PROBE_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/defaults_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/domains_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/file_source_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pinset_test.cpp)
