# PROBE_MINGW_CHECK: compile (not link) the portable code and the Windows platform files
# with a MinGW cross compiler. Third-party libraries are not available for Windows here,
# so only header-only ones are used, through a staged include directory. Each module compiles
# with its own include directory (cmake/ModuleDirection.cmake), as in the native build, so the
# Windows-only files are held to the module direction too.
include(ModuleDirection)
set(stage ${CMAKE_BINARY_DIR}/stage-include)
file(MAKE_DIRECTORY ${stage})
foreach(dir fmt nlohmann)
  if(NOT EXISTS ${stage}/${dir})
    file(CREATE_LINK /usr/include/${dir} ${stage}/${dir} SYMBOLIC)
  endif()
endforeach()
include(${PROJECT_SOURCE_DIR}/probe/portable_sources.cmake)
set(probe_root ${PROJECT_SOURCE_DIR}/probe)
foreach(source IN LISTS PROBE_PORTABLE_SOURCES)
  probe_module_of(${source} ${probe_root} module)
  list(APPEND probe_mingw_sources_${module} ${source})
endforeach()
set(probe_mingw_targets)
foreach(module IN LISTS PROBE_MODULES)
  if(NOT probe_mingw_sources_${module})
    continue()
  endif()
  set(include_dir ${CMAKE_BINARY_DIR}/modules/${module})
  probe_module_include_dir(${module} ${probe_root} ${include_dir})
  set(target pinprobe_mingw_check_${module})
  add_library(${target} OBJECT ${probe_mingw_sources_${module}})
  target_include_directories(${target} PRIVATE ${include_dir})
  target_include_directories(${target} SYSTEM PRIVATE ${stage})
  target_compile_definitions(${target} PRIVATE FMT_HEADER_ONLY=1 WIN32_LEAN_AND_MEAN NOMINMAX
                                               _WIN32_WINNT=0x0A00)
  target_link_libraries(${target} PRIVATE probe_warnings)
  list(APPEND probe_mingw_targets ${target})
endforeach()
# The whole check, by one name.
add_custom_target(pinprobe_mingw_check DEPENDS ${probe_mingw_targets})
