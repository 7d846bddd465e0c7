# PROBE_MINGW_CHECK: compile (not link) the portable code and the Windows platform files
# with a MinGW cross compiler. Third-party libraries are not available for Windows here,
# so only header-only ones are used, through a staged include directory.
set(stage ${CMAKE_BINARY_DIR}/stage-include)
file(MAKE_DIRECTORY ${stage})
foreach(dir fmt nlohmann)
  if(NOT EXISTS ${stage}/${dir})
    file(CREATE_LINK /usr/include/${dir} ${stage}/${dir} SYMBOLIC)
  endif()
endforeach()
include(${PROJECT_SOURCE_DIR}/probe/portable_sources.cmake)
add_library(pinprobe_mingw_check OBJECT ${PROBE_PORTABLE_SOURCES})
target_include_directories(pinprobe_mingw_check PRIVATE ${PROJECT_SOURCE_DIR}/probe)
target_include_directories(pinprobe_mingw_check SYSTEM PRIVATE ${stage})
target_compile_definitions(pinprobe_mingw_check PRIVATE FMT_HEADER_ONLY=1 WIN32_LEAN_AND_MEAN
                                                        NOMINMAX _WIN32_WINNT=0x0A00)
target_link_libraries(pinprobe_mingw_check PRIVATE probe_warnings)
