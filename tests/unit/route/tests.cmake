list(APPEND PROBE_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/pac_answer_test.cpp
     ${CMAKE_CURRENT_LIST_DIR}/router_test.cpp ${CMAKE_CURRENT_LIST_DIR}/routed_http_test.cpp
     ${CMAKE_CURRENT_LIST_DIR}/pac_source_test.cpp ${CMAKE_CURRENT_LIST_DIR}/compare_test.cpp
     ${CMAKE_CURRENT_LIST_DIR}/pac_pacparser_test.cpp)
