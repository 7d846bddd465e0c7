cmake_minimum_required(VERSION 3.25)
# Proves that the build itself rejects an include against the module direction: configures
# tests/direction/project (tls compiled through cmake/ModuleDirection.cmake's include directory)
# in WORK with the project's generator and compiler, builds the allowed source (must succeed)
# and the forbidden one (must fail, the compiler not finding config/pinset.hpp). Run as
#   cmake -DPROBE_SOURCE_DIR=<src> -DWORK=<dir> -DGENERATOR=<gen> -DCXX=<compiler>
#         -P build_rejects.cmake
foreach(var PROBE_SOURCE_DIR WORK GENERATOR CXX)
  if(NOT ${var})
    message(FATAL_ERROR "build_rejects.cmake: pass -D${var}=...")
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK})
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR}/project -B ${WORK} -G ${GENERATOR}
          -DCMAKE_CXX_COMPILER=${CXX} -DPROBE_SOURCE_DIR=${PROBE_SOURCE_DIR}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the direction project failed:\n${out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK} --target allowed
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "a tls source including core, platform and tls did not build:\n${out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK} --target forbidden
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "a tls source including config/pinset.hpp built: the direction is not "
                      "enforced")
endif()
# g++: "config/pinset.hpp: No such file or directory"; clang: "'config/pinset.hpp' file not found"
if(NOT out MATCHES "config/pinset\\.hpp'?:? (No such file or directory|file not found)")
  message(FATAL_ERROR "the forbidden source failed for another reason:\n${out}")
endif()
message(STATUS "build-direction: tls -> core/platform builds; tls -> config is rejected: "
               "config/pinset.hpp: not found")
