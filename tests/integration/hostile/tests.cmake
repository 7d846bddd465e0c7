# Hostile-server tests (issue 14 item 6): servers that misbehave on purpose (endless headers,
# lying lengths, 1 GiB bodies, redirect loops, hostile names and DNS answers); every case bounded
# in time and memory, every report format valid and escaped. Run by the dev, ci and asan presets.
set(hostile_dir ${CMAKE_CURRENT_LIST_DIR})
set(hostile_state ${CMAKE_BINARY_DIR}/integration/hostile-state)
add_test(NAME "hostile: fixtures start"
         COMMAND bash ${hostile_dir}/setup.sh ${hostile_state}
                 $<TARGET_FILE:pinprobe_fault_server>)
add_test(NAME "hostile: fixtures stop" COMMAND bash ${hostile_dir}/cleanup.sh ${hostile_state})
set_tests_properties("hostile: fixtures start" PROPERTIES FIXTURES_SETUP hostile_servers
                     LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120)
set_tests_properties("hostile: fixtures stop" PROPERTIES FIXTURES_CLEANUP hostile_servers
                     LABELS integration TIMEOUT 60)
foreach(case crl-endless-headers crl-endless-line crl-short-body crl-long-body crl-gib
             crl-gib-close crl-loop crl-to-https crl-to-file crl-to-port crl-hostile
             aia-gib aia-hostile aia-endless-headers proxy-403 chain100 subject64k sans10k names
             tls-drip dns-many dns-manytc dns-tc dns-badlen dns-short dns-rdlen dns-loop
             dns-loop2)
  add_test(NAME "hostile: ${case}"
           COMMAND bash ${hostile_dir}/check.sh ${hostile_state} $<TARGET_FILE:pinprobe> ${case}
                   ${PROJECT_SOURCE_DIR})
  # Serial: each case asserts a wall-time bound and a peak RSS.
  set_tests_properties("hostile: ${case}" PROPERTIES FIXTURES_REQUIRED hostile_servers
                       LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120 RUN_SERIAL TRUE)
endforeach()
