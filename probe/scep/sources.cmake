foreach(f scep.cpp)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
