# Report integration tests (issue 6): real validators (xmllint, promtool), headless Chromium
# on the HTML report, and a real prometheus-pushgateway started as a CTest fixture.
set(reports_dir ${CMAKE_CURRENT_LIST_DIR})
set(reports_state ${CMAKE_BINARY_DIR}/integration/reports-state)
add_executable(pinprobe_report_tool ${reports_dir}/report_tool.cpp
                                    ${PROJECT_SOURCE_DIR}/tests/unit/report/sample_report.cpp)
target_include_directories(pinprobe_report_tool PRIVATE ${PROJECT_SOURCE_DIR}/tests/unit/report)
target_link_libraries(pinprobe_report_tool PRIVATE pinprobe_core probe_warnings)

foreach(kind junit prom rules)
  add_test(NAME "reports: ${kind} passes its validator"
           COMMAND bash ${reports_dir}/validate.sh $<TARGET_FILE:pinprobe_report_tool>
                   ${reports_state}/${kind} ${kind} ${PROJECT_SOURCE_DIR})
  set_tests_properties("reports: ${kind} passes its validator" PROPERTIES
                       LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 60)
endforeach()

add_test(NAME "reports: html renders in headless chromium"
         COMMAND bash ${reports_dir}/html_chromium.sh $<TARGET_FILE:pinprobe_report_tool>
                 ${reports_state}/html)
set_tests_properties("reports: html renders in headless chromium" PROPERTIES
                     LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120)

add_test(NAME "reports: pushgateway starts"
         COMMAND bash ${reports_dir}/pushgateway.sh start ${reports_state}/push)
add_test(NAME "reports: pushgateway stops"
         COMMAND bash ${reports_dir}/pushgateway.sh stop ${reports_state}/push)
add_test(NAME "reports: metrics pushed to the pushgateway read back"
         COMMAND bash ${reports_dir}/pushgateway.sh push ${reports_state}/push
                 $<TARGET_FILE:pinprobe_report_tool>)
set_tests_properties("reports: pushgateway starts" PROPERTIES FIXTURES_SETUP reports_pushgateway
                     LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 60)
set_tests_properties("reports: pushgateway stops" PROPERTIES FIXTURES_CLEANUP reports_pushgateway
                     LABELS integration TIMEOUT 30)
set_tests_properties("reports: metrics pushed to the pushgateway read back" PROPERTIES
                     FIXTURES_REQUIRED reports_pushgateway LABELS integration
                     SKIP_RETURN_CODE 77 TIMEOUT 60)

# `pinprobe check --push` end to end: real checks of the judge fixtures (genuine and ssl-bumped)
# pushed to the real Pushgateway and read back from its /metrics (issue 11 item 9).
add_test(NAME "reports: check --push reads back from the pushgateway"
         COMMAND bash ${reports_dir}/push_check.sh ${reports_state}/push
                 ${CMAKE_BINARY_DIR}/integration/judge-state $<TARGET_FILE:pinprobe>)
set_tests_properties("reports: check --push reads back from the pushgateway" PROPERTIES
                     FIXTURES_REQUIRED "reports_pushgateway;judge_servers" LABELS integration
                     SKIP_RETURN_CODE 77 TIMEOUT 60)

# Every finding code of the table is asserted by an integration script on a real fixture.
add_test(NAME "reports: every finding code is produced by a real fixture"
         COMMAND bash ${reports_dir}/finding_coverage.sh ${PROJECT_SOURCE_DIR})
set_tests_properties("reports: every finding code is produced by a real fixture" PROPERTIES
                     LABELS integration TIMEOUT 30)
