#include "config/inspection_products.hpp"

#include <doctest/doctest.h>

#include <algorithm>

namespace probe::config {
namespace {

TEST_SUITE("tls") {
  TEST_CASE("inspection products: the built-in list parses and names every required product") {
    const auto& products = builtin_inspection_products();
    std::vector<std::string> names;
    for (const auto& p : products) names.push_back(p.name);
    for (const char* wanted :
         {"Zscaler", "Netskope", "Fortinet FortiGate", "Cisco Umbrella", "mitmproxy", "Burp Suite",
          "Fiddler", "McAfee / Skyhigh Web Gateway", "Sophos", "Palo Alto Networks"}) {
      CAPTURE(wanted);
      CHECK(std::find(names.begin(), names.end(), wanted) != names.end());
    }
  }

  TEST_CASE("inspection products: issuer names of known products match, public CAs do not") {
    const auto& products = builtin_inspection_products();
    auto name_of = [&](const std::string& subject) {
      const auto* p = match_inspection_product(products, {subject});
      return p != nullptr ? p->name : std::string("-");
    };
    CHECK(name_of("CN=Zscaler Root CA,OU=Zscaler Inc.,O=Zscaler Inc.,C=US") == "Zscaler");
    CHECK(name_of("CN=ca.acme.goskope.com,OU=Certificate Authority,O=Netskope") == "Netskope");
    CHECK(name_of("CN=caadmin.netskope.com,O=Acme") == "Netskope");
    CHECK(name_of("CN=FGT60FTK1234567,O=Acme") == "Fortinet FortiGate");
    CHECK(name_of("CN=Fortinet_CA_SSL,O=Fortinet Ltd.") == "Fortinet FortiGate");
    CHECK(name_of("CN=Cisco Umbrella Primary SubCA,O=Cisco") == "Cisco Umbrella");
    CHECK(name_of("CN=mitmproxy,O=mitmproxy") == "mitmproxy");
    CHECK(name_of("CN=PortSwigger CA,OU=PortSwigger CA,O=PortSwigger") == "Burp Suite");
    CHECK(name_of("CN=DO_NOT_TRUST_FiddlerRoot,OU=Created by http://www.fiddler2.com") ==
          "Fiddler");
    CHECK(name_of("CN=Forward-Trust-CA,O=Acme") == "Palo Alto Networks");
    CHECK(name_of("CN=DigiCert Global Root G2,OU=www.digicert.com,O=DigiCert Inc,C=US") == "-");
    CHECK(name_of("CN=ISRG Root X1,O=Internet Security Research Group,C=US") == "-");
  }

  TEST_CASE("inspection products: malformed files fail with file, line and column") {
    auto bad_key = parse_inspection_products(
        "version: 1\nproducts:\n  - name: X\n    matches: [a]\n", "p.yaml");
    REQUIRE_FALSE(bad_key.has_value());
    CHECK(bad_key.error().message.find("p.yaml:4:") == 0);
    auto no_match = parse_inspection_products("version: 1\nproducts:\n  - name: X\n", "p.yaml");
    REQUIRE_FALSE(no_match.has_value());
    CHECK(no_match.error().message.find("p.yaml:3:") == 0);
    auto star = parse_inspection_products(
        "version: 1\nproducts:\n  - name: X\n    match: [\"*\"]\n", "p.yaml");
    REQUIRE_FALSE(star.has_value());
    CHECK(star.error().message == "p.yaml:4:13: a match glob must name something");
    auto version = parse_inspection_products("version: 2\nproducts: []\n", "p.yaml");
    REQUIRE_FALSE(version.has_value());
    CHECK(version.error().message == "p.yaml:1:10: unsupported version (expected 1)");
  }
}

}  // namespace
}  // namespace probe::config
