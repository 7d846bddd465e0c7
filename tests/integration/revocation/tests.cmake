# Revocation integration tests (issue 5): a test PKI run with `openssl ca`, nginx serving the
# TLS origin and the CRLs, an `openssl ocsp` responder, dnsmasq and squid on loopback ports
# chosen per run, through `pinprobe check --format json` with revocation on.
set(revocation_it_dir ${CMAKE_CURRENT_LIST_DIR})
set(revocation_it_state ${CMAKE_BINARY_DIR}/integration/revocation-state)
add_test(NAME "revocation: fixtures start"
         COMMAND bash ${revocation_it_dir}/setup.sh ${revocation_it_state})
add_test(NAME "revocation: fixtures stop"
         COMMAND bash ${revocation_it_dir}/cleanup.sh ${revocation_it_state})
set_tests_properties("revocation: fixtures start" PROPERTIES FIXTURES_SETUP revocation_servers
                     LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 240)
set_tests_properties("revocation: fixtures stop" PROPERTIES FIXTURES_CLEANUP revocation_servers
                     LABELS integration TIMEOUT 60)
foreach(scenario crl-good crl-revoked crl-stale crl-wrong-signer crl-garbage crl-blocked-by-proxy
                 crl-refused crl-nxdomain ocsp-good ocsp-revoked ocsp-unknown ocsp-shared-responder
                 proxy-crl-good proxy-ocsp-good crl-fetched-once actions)
  add_test(NAME "revocation: ${scenario}"
           COMMAND bash ${revocation_it_dir}/check.sh ${revocation_it_state}
                   $<TARGET_FILE:pinprobe> ${scenario})
  set_tests_properties("revocation: ${scenario}" PROPERTIES FIXTURES_REQUIRED revocation_servers
                       LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 90)
endforeach()
