# PAC, WPAD and system-route tests (issue 17): nginx serving the lab names and the PAC files,
# squid as a plain tunnel and as an ssl-bump inspecting proxy, dnsmasq answering the lab names
# and wpad.<domain>, on loopback ports chosen per run, through `pinprobe check`.
set(pac_dir ${CMAKE_CURRENT_LIST_DIR})
set(pac_state ${CMAKE_BINARY_DIR}/integration/pac-state)
add_test(NAME "pac: fixtures start" COMMAND bash ${pac_dir}/setup.sh ${pac_state})
add_test(NAME "pac: fixtures stop" COMMAND bash ${pac_dir}/cleanup.sh ${pac_state})
set_tests_properties("pac: fixtures start" PROPERTIES FIXTURES_SETUP pac_servers
                     LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120)
set_tests_properties("pac: fixtures stop" PROPERTIES FIXTURES_CLEANUP pac_servers
                     LABELS integration TIMEOUT 60)
foreach(scenario pac-intercepted pac-direct pac-compare failover syntax-error fetch-failed
                 eval-failed innet-resolve innet-dns-server wpad wpad-missing system-env
                 revocation-route pac-file usage)
  add_test(NAME "pac: ${scenario}"
           COMMAND bash ${pac_dir}/check.sh ${pac_state} $<TARGET_FILE:pinprobe> ${scenario})
  set_tests_properties("pac: ${scenario}" PROPERTIES FIXTURES_REQUIRED pac_servers
                       LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 60)
endforeach()
