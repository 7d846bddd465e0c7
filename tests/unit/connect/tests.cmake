list(APPEND PROBE_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/proxy_test.cpp
     ${CMAKE_CURRENT_LIST_DIR}/classify_test.cpp ${CMAKE_CURRENT_LIST_DIR}/transport_test.cpp)
