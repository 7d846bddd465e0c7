foreach(f log_text.cpp matcher.cpp render.cpp event_record.cpp evtx_file.cpp bundle.cpp
          system_log.cpp)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
