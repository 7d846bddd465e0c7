# probe_embed_files(OUTPUT <cpp> BASE <dir> FILES <relative paths...>)
# Generates a C++ file that defines probe::core::embedded_files() holding each file's exact
# bytes, regenerated whenever one of the files changes.
function(probe_embed_files)
  cmake_parse_arguments(ARG "" "OUTPUT;BASE" "FILES" ${ARGN})
  set(absolute)
  foreach(f IN LISTS ARG_FILES)
    list(APPEND absolute ${ARG_BASE}/${f})
  endforeach()
  string(REPLACE ";" "|" files_arg "${ARG_FILES}")
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} -DBASE=${ARG_BASE} "-DFILES=${files_arg}"
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake
    DEPENDS ${absolute} ${PROJECT_SOURCE_DIR}/cmake/EmbedFilesScript.cmake
    COMMENT "Embedding ${ARG_BASE} defaults"
    VERBATIM)
endfunction()
