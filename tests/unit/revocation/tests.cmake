list(APPEND PROBE_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/urls_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/classify_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/crl_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/ocsp_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/check_test.cpp)
