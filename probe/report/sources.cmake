foreach(f atomic_file.cpp json_report.cpp render.cpp text.cpp junit.cpp prom.cpp html.cpp push.cpp
       document.cpp actions.cpp)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
