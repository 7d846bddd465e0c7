# Deadline integration tests (issue 12): every phase that can hang, cut by --deadline, with
# complete reports; and 2,000 names resolved against one dnsmasq.
set(deadline_dir ${CMAKE_CURRENT_LIST_DIR})
set(deadline_state ${CMAKE_BINARY_DIR}/integration/deadline-state)
add_test(NAME "deadline: fixtures start"
         COMMAND bash ${deadline_dir}/setup.sh ${deadline_state}
                 $<TARGET_FILE:pinprobe_fault_server>)
add_test(NAME "deadline: fixtures stop" COMMAND bash ${deadline_dir}/cleanup.sh ${deadline_state})
set_tests_properties("deadline: fixtures start" PROPERTIES FIXTURES_SETUP deadline_servers
                     LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120)
set_tests_properties("deadline: fixtures stop" PROPERTIES FIXTURES_CLEANUP deadline_servers
                     LABELS integration TIMEOUT 60)
foreach(scenario caissuers-blackhole caissuers-blackhole-deadline crl-drip crl-drip-step
                 static-blackhole push-blackhole blackhole-100 dns-scale)
  add_test(NAME "deadline: ${scenario}"
           COMMAND bash ${deadline_dir}/check.sh ${deadline_state} $<TARGET_FILE:pinprobe>
                   ${scenario} ${PROJECT_SOURCE_DIR})
  set_tests_properties("deadline: ${scenario}" PROPERTIES FIXTURES_REQUIRED deadline_servers
                       LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120 RUN_SERIAL TRUE)
endforeach()
