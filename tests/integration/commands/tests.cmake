# `pinprobe explain` and `pinprobe device` end to end (issue 7): formats, --output, exit codes
# and bad-input messages, on the log fixtures and on sysfs trees made at test time.
set(commands_it_dir ${CMAKE_CURRENT_LIST_DIR})
foreach(scenario explain-text explain-json explain-output explain-stdin explain-encodings
                 explain-nothing-known
                 explain-missing-file explain-bad-signatures explain-bad-format device-tpm2-text
                 device-tpm2-json device-tpm2-no-node device-tpm12-json device-none-output device-output-unwritable
                 explain-shared-formats device-shared-formats check-color-pty cert-json pins-show-json
                 cert-pins-shared-formats)
  add_test(NAME "commands: ${scenario}"
           COMMAND bash ${commands_it_dir}/check.sh $<TARGET_FILE:pinprobe> ${PROJECT_SOURCE_DIR}
                   ${CMAKE_BINARY_DIR}/integration/commands ${scenario})
  set_tests_properties("commands: ${scenario}" PROPERTIES LABELS integration
                       SKIP_RETURN_CODE 77 TIMEOUT 60)
endforeach()

# --output under SIGKILL / SIGTERM at random moments, and the targets it refuses (issue 14).
foreach(scenario sigkill sigterm targets)
  add_test(NAME "commands: output-${scenario}"
           COMMAND bash ${commands_it_dir}/output.sh $<TARGET_FILE:pinprobe> ${PROJECT_SOURCE_DIR}
                   ${CMAKE_BINARY_DIR}/integration/commands ${scenario})
  set_tests_properties("commands: output-${scenario}" PROPERTIES LABELS integration
                       SKIP_RETURN_CODE 77 TIMEOUT 300)
endforeach()

# explain on .evtx exports, damaged files, folders, zip bundles and --system (issue 19).
foreach(scenario evtx-scep evtx-since evtx-corrupt folder-zip zip-bomb system-linux)
  add_test(NAME "commands: explain-${scenario}"
           COMMAND bash ${commands_it_dir}/evtx.sh $<TARGET_FILE:pinprobe> ${PROJECT_SOURCE_DIR}
                   ${CMAKE_BINARY_DIR}/integration/commands ${scenario})
  set_tests_properties("commands: explain-${scenario}" PROPERTIES LABELS integration
                       SKIP_RETURN_CODE 77 TIMEOUT 60)
endforeach()
