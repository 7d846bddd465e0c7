# Chain-judge integration tests (issue 4): real nginx and squid (a plain CONNECT tunnel and an
# ssl-bump inspection port) on loopback ports chosen per run, PKI generated at test time,
# judged end to end through `pinprobe check --format json`.
set(judge_dir ${CMAKE_CURRENT_LIST_DIR})
set(judge_state ${CMAKE_BINARY_DIR}/integration/judge-state)
add_test(NAME "judge: fixtures start" COMMAND bash ${judge_dir}/setup.sh ${judge_state})
add_test(NAME "judge: fixtures stop" COMMAND bash ${judge_dir}/cleanup.sh ${judge_state})
set_tests_properties("judge: fixtures start" PROPERTIES FIXTURES_SETUP judge_servers
                     LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120)
set_tests_properties("judge: fixtures stop" PROPERTIES FIXTURES_CLEANUP judge_servers
                     LABELS integration TIMEOUT 60)
foreach(scenario direct-ok proxy-tunnel bump-managed bump-untrusted bump-mtls expired
                 not-yet-valid expires-soon wrong-host self-signed chain-completed
                 chain-unfetchable other-public-ca weak chain-completed-revocation
                 static-ocsp-unverified bump-actions)
  add_test(NAME "judge: ${scenario}"
           COMMAND bash ${judge_dir}/check.sh ${judge_state} $<TARGET_FILE:pinprobe> ${scenario})
  set_tests_properties("judge: ${scenario}" PROPERTIES FIXTURES_REQUIRED judge_servers
                       LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120)
endforeach()
