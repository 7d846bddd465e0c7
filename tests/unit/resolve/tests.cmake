list(APPEND PROBE_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/address_test.cpp
                               ${CMAKE_CURRENT_LIST_DIR}/answer_test.cpp)
