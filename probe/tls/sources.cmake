foreach(f certificate.cpp cert_store.cpp judge.cpp pinset_fragment.cpp public_roots.cpp)
  list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_LIST_DIR}/${f})
endforeach()

# The public-root set (issue 4): Debian's ca-certificates bundle (the Mozilla root program),
# embedded at build time with its package version, so "publicly trusted" means the same on
# every machine the binary runs on.
set(PROBE_PUBLIC_ROOTS_BUNDLE "/etc/ssl/certs/ca-certificates.crt"
    CACHE FILEPATH "PEM bundle of publicly trusted roots to embed")
set(probe_public_roots_version "unknown")
find_program(PROBE_DPKG_QUERY dpkg-query)
if(PROBE_DPKG_QUERY)
  execute_process(COMMAND ${PROBE_DPKG_QUERY} -W -f=${Version} ca-certificates
                  OUTPUT_VARIABLE probe_ca_version RESULT_VARIABLE probe_ca_rc ERROR_QUIET)
  if(probe_ca_rc EQUAL 0 AND probe_ca_version)
    set(probe_public_roots_version "Debian ca-certificates ${probe_ca_version}")
  endif()
endif()
set(probe_public_roots_depends)
if(EXISTS ${PROBE_PUBLIC_ROOTS_BUNDLE})
  set(probe_public_roots_depends ${PROBE_PUBLIC_ROOTS_BUNDLE})
  file(TIMESTAMP ${PROBE_PUBLIC_ROOTS_BUNDLE} probe_ca_date "%Y-%m-%d" UTC)
  string(APPEND probe_public_roots_version " (${PROBE_PUBLIC_ROOTS_BUNDLE}, ${probe_ca_date})")
else()
  message(WARNING "public-root bundle ${PROBE_PUBLIC_ROOTS_BUNDLE} not found: the embedded "
                  "public-root set is empty and no chain will be judged publicly trusted")
endif()
add_custom_command(
  OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/public_roots_data.cpp
  COMMAND ${CMAKE_COMMAND} -DBUNDLE=${PROBE_PUBLIC_ROOTS_BUNDLE}
          -DOUTPUT=${CMAKE_CURRENT_BINARY_DIR}/public_roots_data.cpp
          "-DVERSION=${probe_public_roots_version}"
          -P ${CMAKE_CURRENT_LIST_DIR}/embed_public_roots.cmake
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/embed_public_roots.cmake
          ${probe_public_roots_depends}
  COMMENT "Embedding the public-root bundle"
  VERBATIM)
list(APPEND PROBE_SOURCES ${CMAKE_CURRENT_BINARY_DIR}/public_roots_data.cpp)
