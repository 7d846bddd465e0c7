# The Windows ZIP (issue 16): `cpack` in a MinGW-w64 build writes
# build/pinprobe-<version>-win64.zip holding pinprobe.exe, README.md and the example
# configuration (domains.yaml, the same file pinprobe embeds as its default). Only for Windows
# builds; elsewhere this file does nothing.
if(NOT WIN32)
  return()
endif()

install(TARGETS pinprobe RUNTIME DESTINATION .)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION .)
install(FILES ${PROJECT_SOURCE_DIR}/domains.yaml DESTINATION . RENAME domains.example.yaml)

set(CPACK_GENERATOR ZIP)
set(CPACK_PACKAGE_NAME pinprobe)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_FILE_NAME pinprobe-${PROJECT_VERSION}-win64)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_SOURCE_DIR}/build)
# Unzipping gives one folder, pinprobe-<version>-win64\, with the files in it.
set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
