# The module direction of ARCHITECTURE.md: the one copy of the "may use" table, enforced by
# the build. Each module of probe/ compiles with an include directory that holds a symbolic
# link per module it may see (itself and what it may use), each pointing at probe/<module>,
# instead of the whole probe/ root: an `#include "config/pinset.hpp"` in tls fails to compile
# with "No such file or directory". tests/direction/check_direction.cmake checks that
# ARCHITECTURE.md's module map says the same. Included by probe/CMakeLists.txt,
# cmake/MingwCheck.cmake and the direction tests (also in script mode: no commands of a
# project here).

# Every module: a folder of probe/ (lib holds lib/openssl, lib/curl, lib/cares, lib/pcre2 and
# lib/pacparser), in the order the data flows.
set(PROBE_MODULES core lib config tls resolve connect route revocation check report scep explain
    device platform cli)

# What each module may use besides itself. A header's includes count for every module that
# includes it: check sees platform because tls's judge.hpp carries the trust store
# (platform/trust_store.hpp) in its JudgeContext.
set(PROBE_MAY_USE_core "")
set(PROBE_MAY_USE_lib core)
set(PROBE_MAY_USE_config core lib tls)
set(PROBE_MAY_USE_tls core lib platform)
set(PROBE_MAY_USE_resolve core lib)
set(PROBE_MAY_USE_connect core lib resolve tls)
set(PROBE_MAY_USE_route core lib connect)
set(PROBE_MAY_USE_revocation core lib tls)
set(PROBE_MAY_USE_check core resolve connect tls revocation route platform)
set(PROBE_MAY_USE_report core lib platform)
set(PROBE_MAY_USE_scep core lib tls)
set(PROBE_MAY_USE_explain core lib config)
set(PROBE_MAY_USE_device core lib)
set(PROBE_MAY_USE_platform core lib)
set(PROBE_MAY_USE_cli core lib config tls resolve connect route revocation check report scep
    explain device platform)

# probe_module_include_dir(MODULE ROOT DIR): makes DIR hold one symbolic link per module
# MODULE may see (MODULE and PROBE_MAY_USE_<MODULE>), named after it and pointing at
# ROOT/<module>, and removes any other entry of DIR (a module dropped from the table).
function(probe_module_include_dir module root dir)
  if(NOT module IN_LIST PROBE_MODULES)
    message(FATAL_ERROR "probe_module_include_dir: ${module} is not in PROBE_MODULES")
  endif()
  set(visible ${module} ${PROBE_MAY_USE_${module}})
  file(MAKE_DIRECTORY ${dir})
  file(GLOB present RELATIVE ${dir} LIST_DIRECTORIES true ${dir}/*)
  foreach(entry IN LISTS present)
    if(NOT entry IN_LIST visible)
      file(REMOVE ${dir}/${entry})
    endif()
  endforeach()
  foreach(used IN LISTS visible)
    if(IS_SYMLINK ${dir}/${used})
      file(READ_SYMLINK ${dir}/${used} target)
      if(target STREQUAL "${root}/${used}")
        continue()
      endif()
      file(REMOVE ${dir}/${used})
    endif()
    file(CREATE_LINK ${root}/${used} ${dir}/${used} SYMBOLIC)
  endforeach()
endfunction()

# probe_module_of(SOURCE ROOT OUT): the module (first folder under ROOT) SOURCE belongs to.
function(probe_module_of source root out_var)
  file(RELATIVE_PATH relative ${root} ${source})
  string(REGEX REPLACE "/.*" "" module "${relative}")
  if(NOT module IN_LIST PROBE_MODULES)
    message(FATAL_ERROR "${source} is in no module of PROBE_MODULES (${module})")
  endif()
  set(${out_var} ${module} PARENT_SCOPE)
endfunction()
