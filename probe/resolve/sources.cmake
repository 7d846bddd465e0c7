list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/address.cpp ${CMAKE_CURRENT_LIST_DIR}/answer.cpp
                          ${CMAKE_CURRENT_LIST_DIR}/resolver.cpp)
