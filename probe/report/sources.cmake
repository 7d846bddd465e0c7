foreach(f atomic_file.cpp json_report.cpp render.cpp text.cpp junit.cpp prom.cpp html.cpp push.cpp
       check_report.cpp actions.cpp)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
