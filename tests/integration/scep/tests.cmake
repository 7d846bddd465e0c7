# `pinprobe scep` integration tests (issue 7): nginx on loopback answering RFC 8894 GetCACaps
# and GetCACert (one DER certificate; a degenerate PKCS#7 with CA + RA) under Okta-shaped
# paths over HTTP and HTTPS, through squid and with dnsmasq, PKI generated at test time; one
# CTest test per scenario.
set(scep_it_dir ${CMAKE_CURRENT_LIST_DIR})
set(scep_it_state ${CMAKE_BINARY_DIR}/integration/scep-state)
add_test(NAME "scep: fixtures start" COMMAND bash ${scep_it_dir}/setup.sh ${scep_it_state})
add_test(NAME "scep: fixtures stop" COMMAND bash ${scep_it_dir}/cleanup.sh ${scep_it_state})
set_tests_properties("scep: fixtures start" PROPERTIES FIXTURES_SETUP scep_servers
                     LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 120)
set_tests_properties("scep: fixtures stop" PROPERTIES FIXTURES_CLEANUP scep_servers
                     LABELS integration TIMEOUT 60)
foreach(scenario http-der http-pkcs7-ra http-pkiclient-path trusted-ca-pem trusted-ca-der
                 trusted-ca-base64 trusted-ca-other-root trusted-ca-intermediate
                 thumbprint-sha1-colons thumbprint-sha1-spaces thumbprint-wrong
                 thumbprint-sha256-for-sha1 thumbprint-sha256-wrong thumbprint-ra https-name
                 https-ip https-untrusted dns-server dns-nxdomain proxy
                 closed-port html-body garbage-body not-found
                 text-format shared-formats output-file bad-thumbprint-hex bad-thumbprint-length
                 bad-trusted-ca-missing bad-trusted-ca-not-a-cert bad-url bad-both-expectations)
  add_test(NAME "scep: ${scenario}"
           COMMAND bash ${scep_it_dir}/check.sh ${scep_it_state} $<TARGET_FILE:pinprobe>
                   ${scenario})
  set_tests_properties("scep: ${scenario}" PROPERTIES FIXTURES_REQUIRED scep_servers
                       LABELS integration SKIP_RETURN_CODE 77 TIMEOUT 60)
endforeach()
