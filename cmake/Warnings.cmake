# The house warning set (STYLE.md). Errors when PROBE_WERROR is on (CI).
add_library(probe_warnings INTERFACE)
target_compile_options(probe_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
  -Woverloaded-virtual -Wimplicit-fallthrough -Wformat=2 -Wnull-dereference)
if(PROBE_WERROR)
  target_compile_options(probe_warnings INTERFACE -Werror)
endif()
