# explain on .evtx exports generated at test time from the seeds' SCEP and TPM events, damaged
# copies of them, and a zip bundle holding one next to an Okta Verify log folder (issue 19).
set(explain_evtx_it_dir ${CMAKE_CURRENT_LIST_DIR})
foreach(scenario writer seed-scep seed-tpm damaged zip-bundle zip-evtx-cap)
  add_test(NAME "explain-evtx: ${scenario}"
           COMMAND bash ${explain_evtx_it_dir}/run.sh $<TARGET_FILE:pinprobe> ${PROJECT_SOURCE_DIR}
                   ${CMAKE_BINARY_DIR}/integration/explain-evtx ${scenario})
  set_tests_properties("explain-evtx: ${scenario}" PROPERTIES LABELS integration
                       SKIP_RETURN_CODE 77 TIMEOUT 60)
endforeach()
