# Packaging (issue 18): the .deb built by CPack from this build tree and unpacked into a scratch
# root with dpkg -x, its binary run there; the generated man page rendered by man -l; the bash
# completion sourced and exercised with compgen, the zsh one checked by zsh; the systemd units
# of the package verified by systemd-analyze against the scratch root.
set(packaging_dir ${CMAKE_CURRENT_LIST_DIR})
set(packaging_state ${CMAKE_BINARY_DIR}/integration/packaging)
set(packaging_args ${CMAKE_BINARY_DIR} ${packaging_state} $<TARGET_FILE:pinprobe>
                   ${PROJECT_SOURCE_DIR})
add_test(NAME "packaging: the .deb builds with runtime Depends only"
         COMMAND bash ${packaging_dir}/check.sh deb ${packaging_args})
set_tests_properties("packaging: the .deb builds with runtime Depends only" PROPERTIES
                     FIXTURES_SETUP packaging_deb LABELS integration SKIP_RETURN_CODE 77
                     TIMEOUT 300 RESOURCE_LOCK packaging_cpack)
foreach(scenario deb-installed man-page bash-completion zsh-completion systemd-verify)
  add_test(NAME "packaging: ${scenario}"
           COMMAND bash ${packaging_dir}/check.sh ${scenario} ${packaging_args})
  set_tests_properties("packaging: ${scenario}" PROPERTIES FIXTURES_REQUIRED packaging_deb
                       LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120)
endforeach()
