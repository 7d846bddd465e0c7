# Installation and the Debian package: the man page and the shell completions generated at
# build time from the built binary's command table (`pinprobe --man`, `--completion SHELL`,
# the same table --help prints), the install() rules, and CPack's DEB generator.
#
# Also run as a script by the build (cmake -DPROBE_GENERATE_DOCS=ON -P PackageDeb.cmake) to
# write one generated file: execute_process captures the binary's stdout, which
# add_custom_command cannot redirect portably.
if(PROBE_GENERATE_DOCS)
  execute_process(COMMAND ${PINPROBE} ${ARGS} OUTPUT_FILE ${OUTPUT}.tmp RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PINPROBE} ${ARGS} failed (${rc})")
  endif()
  if(GZIP)
    # -n: no name or time stamp in the header, so that the page is reproducible.
    execute_process(COMMAND ${GZIP} -9n -c ${OUTPUT}.tmp OUTPUT_FILE ${OUTPUT} RESULT_VARIABLE rc)
    file(REMOVE ${OUTPUT}.tmp)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "gzip ${OUTPUT} failed (${rc})")
    endif()
  else()
    file(RENAME ${OUTPUT}.tmp ${OUTPUT})
  endif()
  return()
endif()

include(GNUInstallDirs)

# --- generated documentation: build/<preset>/share/{man/man1,bash-completion,zsh} -----------
find_program(PROBE_GZIP gzip REQUIRED)
set(probe_share ${PROJECT_BINARY_DIR}/share)
set(probe_man ${probe_share}/man/man1/pinprobe.1.gz)
set(probe_bash ${probe_share}/bash-completion/completions/pinprobe)
set(probe_zsh ${probe_share}/zsh/vendor-completions/_pinprobe)
set(probe_gen_script ${CMAKE_CURRENT_LIST_FILE})
function(probe_generated output gzip)
  set(args ${ARGN})
  list(JOIN args ";" args_text)
  get_filename_component(dir ${output} DIRECTORY)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${CMAKE_COMMAND} -DPROBE_GENERATE_DOCS=ON -DPINPROBE=$<TARGET_FILE:pinprobe>
            "-DARGS=${args_text}" -DOUTPUT=${output} -DGZIP=${gzip} -P ${probe_gen_script}
    DEPENDS pinprobe ${probe_gen_script}
    COMMENT "Generating ${output} (pinprobe ${args_text})"
    VERBATIM)
endfunction()
probe_generated(${probe_man} ${PROBE_GZIP} --man)
probe_generated(${probe_bash} "" --completion bash)
probe_generated(${probe_zsh} "" --completion zsh)
add_custom_target(pinprobe_docs ALL DEPENDS ${probe_man} ${probe_bash} ${probe_zsh})

# --- CPack: one .deb whose Depends come from the binary's shared libraries ------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME pinprobe)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "pinprobe")
set(CPACK_PACKAGE_CONTACT "pinprobe maintainers <pinprobe@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "prove an identity vendor's firewall allowlist: DNS, TCP, proxy, TLS pins, revocation")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "pinprobe checks from a site that devices can reach the identity vendor's hosts, that they\n\
see the vendor's real certificates (no TLS inspection), and that revocation on port 80 works.\n\
It reports what to change on the proxy or firewall, as text, JSON, JUnit, HTML or Prometheus\n\
metrics; a systemd timer feeds prometheus-node-exporter's textfile collector.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/pinprobe/pinprobe")
# Depends from dpkg-shlibdeps on the installed binary: the runtime libraries only (libssl3,
# libcurl4, libc-ares2, libyaml-cpp0.7, ...), never the -dev packages it was built with.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "prometheus-node-exporter")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Install into DESTDIR with CMAKE_INSTALL_PREFIX=/usr, so that the systemd units written by the
# install rules name /usr/bin/pinprobe, the path the package creates.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/package)
include(CPack)
