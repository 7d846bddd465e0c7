foreach(f cmd_cert.cpp cmd_check.cpp cmd_device.cpp cmd_explain.cpp cmd_pins.cpp
          cmd_pins_learn.cpp cmd_scep.cpp options.cpp run.cpp version.cpp)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
