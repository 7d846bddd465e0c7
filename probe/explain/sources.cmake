foreach(f log_text.cpp matcher.cpp render.cpp)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
