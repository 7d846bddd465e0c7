list(APPEND PROBE_TEST_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/base64_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/library_scope_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/openssl_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/pcre2_regex_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/socket_error_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/url_test.cpp
  ${CMAKE_CURRENT_LIST_DIR}/win_utf16_test.cpp)
