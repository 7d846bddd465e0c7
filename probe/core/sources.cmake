foreach(f assert.cpp clock.cpp finding.cpp names.cpp report.cpp text.cpp units.cpp)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
