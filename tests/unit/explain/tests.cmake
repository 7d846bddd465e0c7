list(APPEND PROBE_TEST_SOURCES ${CMAKE_CURRENT_LIST_DIR}/log_text_test.cpp
     ${CMAKE_CURRENT_LIST_DIR}/matcher_test.cpp ${CMAKE_CURRENT_LIST_DIR}/signatures_test.cpp
     ${CMAKE_CURRENT_LIST_DIR}/evtx_test.cpp
     ${CMAKE_CURRENT_LIST_DIR}/evtx_file_test.cpp)
