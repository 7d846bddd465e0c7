# `pinprobe explain` and `pinprobe device` end to end (issue 7): formats, --output, exit codes
# and bad-input messages, on the log fixtures and on sysfs trees made at test time.
set(commands_it_dir ${CMAKE_CURRENT_LIST_DIR})
foreach(scenario explain-text explain-json explain-output explain-stdin explain-encodings
                 explain-nothing-known
                 explain-missing-file explain-bad-signatures explain-bad-format device-tpm2-text
                 device-tpm2-json device-tpm12-json device-none-output device-output-unwritable
                 explain-shared-formats device-shared-formats)
  add_test(NAME "commands: ${scenario}"
           COMMAND bash ${commands_it_dir}/check.sh $<TARGET_FILE:pinprobe> ${PROJECT_SOURCE_DIR}
                   ${CMAKE_BINARY_DIR}/integration/commands ${scenario})
  set_tests_properties("commands: ${scenario}" PROPERTIES LABELS integration
                       SKIP_RETURN_CODE 77 TIMEOUT 60)
endforeach()
