foreach(f check_routes.cpp cmd_cert.cpp cmd_check.cpp cmd_device.cpp cmd_explain.cpp cmd_pins.cpp
          cmd_pins_learn.cpp cmd_scep.cpp finish.cpp options.cpp run.cpp validate.cpp version.cpp
          command_doc.cpp manpage.cpp completion.cpp)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()
