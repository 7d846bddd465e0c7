list(APPEND PROBE_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/certificate_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/judge_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/judge_faults_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/inspection_products_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pinset_fragment_test.cpp)
