// The real PAC engine (libpacparser): scripts, errors, and the dnsResolve override.
#include <doctest/doctest.h>

#include "route/pac_engine.hpp"

namespace probe::route {

TEST_SUITE("route") {
  TEST_CASE("load_pac: FindProxyForURL runs with the PAC helpers") {
    PacLoadOptions options;
    auto pac = load_pac(
        "function FindProxyForURL(url, host) {\n"
        "  if (dnsDomainIs(host, '.okta.com')) return 'DIRECT';\n"
        "  if (shExpMatch(url, 'http://crl*')) return 'PROXY plain:3128';\n"
        "  return 'PROXY inspect:3128; DIRECT';\n"
        "}\n",
        options);
    REQUIRE(pac);
    CHECK((*pac)->find_proxy("https://acme.okta.com/", "acme.okta.com").value() == "DIRECT");
    CHECK((*pac)->find_proxy("http://crl.test/x.crl", "crl.test").value() == "PROXY plain:3128");
    CHECK((*pac)->find_proxy("https://x.test/", "x.test").value() == "PROXY inspect:3128; DIRECT");
  }

  TEST_CASE("load_pac: a syntax error or a missing FindProxyForURL fails with the engine's words") {
    const PacLoadOptions options;
    auto broken =
        load_pac("function FindProxyForURL(url, host) {\n  if (x return 1;\n}\n", options);
    REQUIRE_FALSE(broken);
    CHECK(broken.error().kind == core::ErrorKind::config);
    CHECK(broken.error().message == "PAC script:2: SyntaxError: missing ) after condition");
    auto none = load_pac("var x = 1;", options);
    REQUIRE_FALSE(none);
    CHECK(none.error().message.find("defines no function FindProxyForURL") != std::string::npos);
    auto nul = load_pac(std::string("function F() {}\0", 16), options);
    REQUIRE_FALSE(nul);
    CHECK(nul.error().message == "the script contains a NUL byte");
  }

  TEST_CASE("load_pac: an answer that throws is an evaluation error, not a crash") {
    auto pac = load_pac("function FindProxyForURL(u, h) { throw 'boom'; }", {});
    REQUIRE(pac);
    auto answer = (*pac)->find_proxy("https://x.test/", "x.test");
    REQUIRE_FALSE(answer);
    CHECK(answer.error().message.find("boom") != std::string::npos);
  }

  TEST_CASE("load_pac: dnsResolve and isInNet answer from the run's own resolution") {
    PacLoadOptions options;
    options.dns = {{"okta.lab", "10.1.2.3"}, {"gone.lab", std::nullopt}};
    options.my_ip = "192.0.2.7";
    auto pac = load_pac(
        "function FindProxyForURL(url, host) {\n"
        "  if (isInNet(host, '10.0.0.0', '255.0.0.0')) return 'DIRECT';\n"
        "  return 'PROXY p:1 ' + dnsResolve(host) + ' ' + myIpAddress();\n"
        "}\n",
        options);
    REQUIRE(pac);
    CHECK((*pac)->find_proxy("https://okta.lab/", "okta.lab").value() == "DIRECT");
    CHECK((*pac)->find_proxy("https://OKTA.lab./", "OKTA.lab.").value() == "DIRECT");
    CHECK((*pac)->find_proxy("https://gone.lab/", "gone.lab").value() ==
          "PROXY p:1 null 192.0.2.7");
    // Names the run did not resolve go to the engine's own resolver.
    CHECK((*pac)->find_proxy("https://127.0.0.1/", "127.0.0.1").value() ==
          "PROXY p:1 127.0.0.1 192.0.2.7");
  }

  TEST_CASE("dns_override_script: only plain names and addresses enter the table") {
    const auto script = dns_override_script(
        {{"a.lab", "10.0.0.1"}, {"bad\"name", "1.1.1.1"}, {"b.lab", std::nullopt}});
    CHECK(script.find("\"a.lab\":\"10.0.0.1\"") != std::string::npos);
    CHECK(script.find("\"b.lab\":null") != std::string::npos);
    CHECK(script.find("bad") == std::string::npos);
  }
}

}  // namespace probe::route
