# Engine integration tests (issue 3): real dnsmasq, nginx and squid plus the fault server on
# loopback ports chosen per run, PKI generated at test time, through `pinprobe check`.
set(engine_dir ${CMAKE_CURRENT_LIST_DIR})
set(engine_state ${CMAKE_BINARY_DIR}/integration/engine-state)
add_executable(pinprobe_http_fetch ${engine_dir}/http_fetch.cpp)
target_link_libraries(pinprobe_http_fetch PRIVATE pinprobe_core probe_warnings)
add_test(NAME "engine: fixtures start"
         COMMAND bash ${engine_dir}/setup.sh ${engine_state} $<TARGET_FILE:pinprobe_fault_server>)
add_test(NAME "engine: fixtures stop" COMMAND bash ${engine_dir}/cleanup.sh ${engine_state})
set_tests_properties("engine: fixtures start" PROPERTIES FIXTURES_SETUP engine_servers
                     LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120)
set_tests_properties("engine: fixtures stop" PROPERTIES FIXTURES_CLEANUP engine_servers
                     LABELS integration TIMEOUT 60)
foreach(scenario dns-nxdomain dns-no-address dns-sinkhole-zero dns-sinkhole-loopback dns-private
                 dns-servfail dns-timeout tls-sni-a tls-sni-b tls-ipv6 mtls-requested
                 mtls-not-requested tls-old-protocol tls-no-shared-cipher tls-weak-dh tls-many-sans
                 tls-cert-list-limit tls-middlebox-alert tls-never-answers tls-reset vendor-wording
                 tcp-refused
                 tcp-dropped-syn proxy-tunnel proxy-auth-required proxy-auth-ok proxy-denied
                 proxy-unreachable proxy-env pins-learn http-get http-truncated http-redirect
                 http-redirect-https-refused http-redirect-limit http-post http-resolve http-refused
                 http-nxdomain)
  add_test(NAME "engine: ${scenario}"
           COMMAND bash ${engine_dir}/check.sh ${engine_state} $<TARGET_FILE:pinprobe> ${scenario}
                   $<TARGET_FILE:pinprobe_http_fetch>)
  set_tests_properties("engine: ${scenario}" PROPERTIES FIXTURES_REQUIRED engine_servers
                       LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 60)
endforeach()
