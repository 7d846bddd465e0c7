// domains.yaml (SPEC §2): strict validation with exact "source:line:col: message" errors.
#include "config/domains.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>

using probe::config::parse_domains;
using probe::core::ErrorKind;

namespace {

const std::set<std::string, std::less<>> k_pinsets{"okta", "other"};

// The error text of parsing `yaml` as "d.yaml"; fails the test when it parses.
std::string error_of(const std::string& yaml) {
  auto r = parse_domains(yaml, "d.yaml", k_pinsets);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == ErrorKind::config);
  return r.error().message;
}

// A valid file with one group; `group_extra` lines are appended to the group.
std::string one_group(const std::string& hosts, const std::string& group_extra = "") {
  return "version: 1\n"
         "groups:\n"
         "  - name: okta-org\n"
         "    allowlist: \"*.okta.com\"\n"
         "    pins: okta\n"
         "    ports: [443]\n"
         "    hosts: " +
         hosts + "\n" + group_extra;
}

}  // namespace

TEST_SUITE("config") {
  TEST_CASE("domains: a minimal valid file parses with defaults filled in") {
    auto r =
        parse_domains(one_group("[\"{org}.okta.com\", \"Login.Okta.com\"]"), "d.yaml", k_pinsets);
    REQUIRE(r.has_value());
    CHECK(r->source == "d.yaml");
    REQUIRE(r->groups.size() == 1);
    const auto& g = r->groups[0];
    CHECK(g.name == "okta-org");
    CHECK(g.allowlist == "*.okta.com");
    CHECK(g.pins == "okta");
    CHECK(g.ports == std::vector<std::uint16_t>{443});
    CHECK(g.hosts == std::vector<std::string>{"{org}.okta.com", "login.okta.com"});
    CHECK_FALSE(g.expect_client_cert_request);
    CHECK(r->revocation.from_chain);
    CHECK(r->revocation.urls.empty());
  }

  TEST_CASE("domains: ports default to 443 and pins none needs no pinset") {
    auto r = parse_domains(
        "version: 1\ngroups:\n  - name: mapbox\n    allowlist: '*.mapbox.com'\n    pins: none\n"
        "    hosts:\n      - api.mapbox.com\n    expect_client_cert_request: true\n",
        "d.yaml", {});
    REQUIRE(r.has_value());
    CHECK(r->groups[0].ports == std::vector<std::uint16_t>{443});
    CHECK_FALSE(r->groups[0].pins.has_value());
    CHECK(r->groups[0].expect_client_cert_request);
  }

  TEST_CASE("domains: the revocation section is read and URLs are kept in order") {
    auto r = parse_domains(one_group("[login.okta.com]",
                                     "revocation:\n  from_chain: false\n"
                                     "  urls: [\"http://ocsp.digicert.com\", "
                                     "\"http://crl3.digicert.com:80/a.crl\"]\n"
                                     "  ca_issuers: [\"http://cacerts.digicert.com/x.crt\"]\n"),
                           "d.yaml", k_pinsets);
    REQUIRE(r.has_value());
    CHECK_FALSE(r->revocation.from_chain);
    CHECK(r->revocation.urls == std::vector<std::string>{"http://ocsp.digicert.com",
                                                         "http://crl3.digicert.com:80/a.crl"});
    CHECK(r->revocation.ca_issuers ==
          std::vector<std::string>{"http://cacerts.digicert.com/x.crt"});
  }

  TEST_CASE("domains: an unknown key suggests the closest known one") {
    CHECK(error_of(one_group("[login.okta.com]", "    hots: [a.okta.com]\n")) ==
          "d.yaml:8:5: unknown key 'hots' in group (did you mean 'hosts'?)");
    CHECK(error_of("version: 1\ngorups: []\n") ==
          "d.yaml:2:1: unknown key 'gorups' in domains file (did you mean 'groups'?)");
  }

  TEST_CASE("domains: an unknown key far from every known one lists the expected keys") {
    CHECK(error_of("version: 1\ncolour: red\n") ==
          "d.yaml:2:1: unknown key 'colour' in domains file (expected one of: version, groups, "
          "revocation, vendor)");
  }

  TEST_CASE("domains: a key given twice is refused") {
    CHECK(error_of(one_group("[login.okta.com]", "    pins: other\n")) ==
          "d.yaml:8:5: duplicate key 'pins' in group");
  }

  TEST_CASE("domains: wrong value types name the key and what was found") {
    CHECK(error_of("version: one\ngroups: []\n") ==
          "d.yaml:1:10: 'version' must be an integer, found 'one'");
    CHECK(error_of(one_group("login.okta.com")) ==
          "d.yaml:7:12: 'hosts' must be a list, found a scalar");
    CHECK(error_of(one_group("[login.okta.com]", "    expect_client_cert_request: maybe\n")) ==
          "d.yaml:8:33: 'expect_client_cert_request' must be true or false, found 'maybe'");
    CHECK(error_of(one_group("[[login.okta.com]]")) ==
          "d.yaml:7:13: 'hosts' must be a string, found a sequence");
    CHECK(error_of("version: 1\ngroups: okta\n") ==
          "d.yaml:2:9: 'groups' must be a list, found a scalar");
    CHECK(error_of("version: 1\ngroups:\n  - okta-org\n") ==
          "d.yaml:3:5: group must be a mapping, found a scalar");
    CHECK(error_of("- version: 1\n") ==
          "d.yaml:1:1: domains file must be a mapping, found a sequence");
  }

  TEST_CASE("domains: a port must be an integer within 1-65535") {
    CHECK(error_of("version: 1\ngroups:\n  - name: a\n    allowlist: '*.okta.com'\n    pins: okta\n"
                   "    ports: [0]\n    hosts: [login.okta.com]\n") ==
          "d.yaml:6:13: port 0 is outside 1-65535");
    CHECK(error_of("version: 1\ngroups:\n  - name: a\n    allowlist: '*.okta.com'\n    pins: okta\n"
                   "    ports: [443, 70000]\n    hosts: [login.okta.com]\n") ==
          "d.yaml:6:18: port 70000 is outside 1-65535");
    CHECK(error_of("version: 1\ngroups:\n  - name: a\n    allowlist: '*.okta.com'\n    pins: okta\n"
                   "    ports: [https]\n    hosts: [login.okta.com]\n") ==
          "d.yaml:6:13: 'ports' must be an integer, found 'https'");
    CHECK(error_of("version: 1\ngroups:\n  - name: a\n    allowlist: '*.okta.com'\n    pins: okta\n"
                   "    ports: []\n    hosts: [login.okta.com]\n") ==
          "d.yaml:6:12: 'ports' must not be empty");
  }

  TEST_CASE("domains: two groups with one name are refused, citing the first") {
    const std::string yaml =
        "version: 1\n"
        "groups:\n"
        "  - name: okta-org\n"
        "    allowlist: '*.okta.com'\n"
        "    pins: okta\n"
        "    hosts: [login.okta.com]\n"
        "  - name: okta-org\n"
        "    allowlist: '*.okta.com'\n"
        "    pins: okta\n"
        "    hosts: [a.okta.com]\n";
    CHECK(error_of(yaml) ==
          "d.yaml:7:11: duplicate group name 'okta-org' (first defined at line 3)");
  }

  TEST_CASE("domains: a pinset that does not exist is refused, listing the known ones") {
    CHECK(error_of("version: 1\ngroups:\n  - name: a\n    allowlist: '*.okta.com'\n"
                   "    pins: octa\n    hosts: [login.okta.com]\n") ==
          "d.yaml:5:11: unknown pinset 'octa' (known: okta, other, or none)");
  }

  TEST_CASE("domains: a host that is not a DNS name is refused") {
    CHECK(error_of(one_group("[\"login..okta.com\"]")) ==
          "d.yaml:7:13: host 'login..okta.com' is not a valid DNS name ('{org}' may only be the "
          "first label)");
    CHECK(error_of(one_group("[\"bad host.okta.com\"]")) ==
          "d.yaml:7:13: host 'bad host.okta.com' is not a valid DNS name ('{org}' may only be "
          "the first label)");
    CHECK(error_of(one_group("[\"login.{org}.okta.com\"]")) ==
          "d.yaml:7:13: host 'login.{org}.okta.com' is not a valid DNS name ('{org}' may only be "
          "the first label)");
    CHECK(error_of(one_group("[\"https://login.okta.com\"]")) ==
          "d.yaml:7:13: host 'https://login.okta.com' is not a valid DNS name ('{org}' may only "
          "be the first label)");
  }

  TEST_CASE("domains: a host outside the group's allowlist is refused") {
    CHECK(error_of(one_group("[login.okta.com, login.example.com]")) ==
          "d.yaml:7:29: host 'login.example.com' is not covered by the group's allowlist "
          "'*.okta.com'");
    CHECK(error_of(one_group("[okta.com]")) ==
          "d.yaml:7:13: host 'okta.com' is not covered by the group's allowlist '*.okta.com'");
  }

  TEST_CASE("domains: a bad group name or allowlist pattern is refused") {
    CHECK(error_of("version: 1\ngroups:\n  - name: Okta_Org\n    allowlist: '*.okta.com'\n"
                   "    pins: okta\n    hosts: [login.okta.com]\n") ==
          "d.yaml:3:11: group name 'Okta_Org' must be lower-case letters, digits and '-'");
    CHECK(error_of("version: 1\ngroups:\n  - name: a\n    allowlist: 'okta.*'\n"
                   "    pins: okta\n    hosts: [login.okta.com]\n") ==
          "d.yaml:4:16: allowlist 'okta.*' is not a domain or a '*.domain' pattern");
  }

  TEST_CASE("domains: required keys are named when missing") {
    CHECK(error_of("groups: []\n") == "d.yaml:1:1: domains file is missing 'version'");
    CHECK(error_of("version: 1\n") == "d.yaml:1:1: domains file is missing 'groups'");
    CHECK(error_of("version: 1\ngroups:\n  - name: a\n    allowlist: '*.okta.com'\n"
                   "    pins: okta\n") == "d.yaml:3:5: group is missing 'hosts'");
    CHECK(error_of("version: 1\ngroups:\n  - allowlist: '*.okta.com'\n") ==
          "d.yaml:3:5: group is missing 'name'");
    CHECK(error_of("version: 1\ngroups: []\n") == "d.yaml:2:9: 'groups' must not be empty");
    CHECK(error_of(one_group("[]")) == "d.yaml:7:12: 'hosts' must not be empty");
    CHECK(error_of(one_group("[\"\"]")) == "d.yaml:7:13: 'hosts' must not be empty");
  }

  TEST_CASE("domains: an empty file or a comment-only file is refused at 1:1") {
    CHECK(error_of("") == "d.yaml:1:1: empty file: expected a mapping with 'version' and 'groups'");
    CHECK(error_of("# nothing here\n\n") ==
          "d.yaml:1:1: empty file: expected a mapping with 'version' and 'groups'");
  }

  TEST_CASE("domains: a YAML syntax error carries the parser's position") {
    CHECK(error_of("version: 1\ngroups: [\n") ==
          "d.yaml:3:1: invalid YAML: end of sequence flow not found");
    CHECK(error_of("version: 1\n  groups: x\n") == "d.yaml:2:9: invalid YAML: illegal map value");
  }

  TEST_CASE("domains: only version 1 is read") {
    CHECK(error_of("version: 2\ngroups: []\n") ==
          "d.yaml:1:10: unsupported version 2: this pinprobe reads version 1");
  }

  TEST_CASE("domains: revocation URLs must be plain http with a host name") {
    const auto with_urls = [](const std::string& urls) {
      return one_group("[login.okta.com]", "revocation:\n  urls: " + urls + "\n");
    };
    CHECK(error_of(with_urls("[\"https://ocsp.digicert.com\"]")) ==
          "d.yaml:9:10: 'https://ocsp.digicert.com' is not an http:// URL with a host name "
          "(revocation is plain HTTP on port 80)");
    CHECK(error_of(with_urls("[\"http://ocsp.digicert.com\", \"ftp://x.example/a.crl\"]")) ==
          "d.yaml:9:38: 'ftp://x.example/a.crl' is not an http:// URL with a host name "
          "(revocation is plain HTTP on port 80)");
    CHECK(error_of(with_urls("[\"http:///a.crl\"]")) ==
          "d.yaml:9:10: 'http:///a.crl' is not an http:// URL with a host name (revocation is "
          "plain HTTP on port 80)");
    CHECK(error_of(with_urls("\"http://ocsp.digicert.com\"")) ==
          "d.yaml:9:9: 'urls' must be a list, found a scalar");
    CHECK(error_of(one_group("[login.okta.com]", "revocation:\n  from_chain: yes please\n")) ==
          "d.yaml:9:15: 'from_chain' must be true or false, found 'yes please'");
    CHECK(error_of(one_group("[login.okta.com]", "revocation:\n  crls: []\n")) ==
          "d.yaml:9:3: unknown key 'crls' in revocation (did you mean 'urls'?)");
  }

  TEST_CASE("domains: control characters in a bad value are escaped in the message") {
    CHECK(error_of("version: 1\ngroups:\n  - name: a\n    allowlist: '*.okta.com'\n"
                   "    pins: \"ok\\x1Bta\"\n    hosts: [login.okta.com]\n") ==
          "d.yaml:5:11: unknown pinset 'ok\\x1Bta' (known: okta, other, or none)");
  }

  TEST_CASE("domains: revocation URLs are classified as CRL or OCSP by shape") {
    using probe::config::classify_revocation_url;
    using probe::core::RevocationKind;
    CHECK(classify_revocation_url("http://crl3.digicert.com/DigiCertGlobalRootG2.crl") ==
          RevocationKind::crl);
    CHECK(classify_revocation_url("http://crl4.digicert.com/sha2-ha-server-g6.CRL") ==
          RevocationKind::crl);
    CHECK(classify_revocation_url("http://ocsp.digicert.com") == RevocationKind::ocsp);
    CHECK(classify_revocation_url("http://ocsp.example.com/status") == RevocationKind::ocsp);
  }

  TEST_CASE("domains: without a vendor the groups keep the built-in (Okta) wording") {
    auto r = parse_domains(one_group("[login.okta.com]"), "d.yaml", k_pinsets);
    REQUIRE(r.has_value());
    CHECK(r->vendor == nullptr);
    CHECK(r->groups[0].vendor == nullptr);
    auto plan = probe::config::build_plan(*r, {});
    REQUIRE(plan.has_value());
    REQUIRE(plan->targets.size() == 1);
    CHECK(plan->targets[0].vendor == nullptr);
  }

  TEST_CASE("domains: a vendor at the top level or per group words the targets' findings") {
    using probe::core::FindingCode;
    const std::string yaml =
        "version: 1\n"
        "vendor:\n"
        "  name: Acme ID\n"
        "  client: Acme Agent\n"
        "  symptoms:\n"
        "    TLS_INTERCEPTED: [\"AcmeAgent: pinning failed\", \"AcmeAgent: untrusted\"]\n"
        "    TCP_REFUSED: \"AcmeAgent: cannot connect\"\n"
        "  remediation:\n"
        "    TLS_PIN_MISMATCH: \"Ask Acme for its new chain.\"\n"
        "groups:\n"
        "  - name: acme\n"
        "    allowlist: \"*.acme.example\"\n"
        "    pins: none\n"
        "    hosts: [login.acme.example]\n"
        "  - name: other\n"
        "    allowlist: \"*.other.example\"\n"
        "    pins: none\n"
        "    hosts: [a.other.example]\n"
        "    vendor: {name: Other}\n";
    auto r = parse_domains(yaml, "d.yaml", k_pinsets);
    REQUIRE(r.has_value());
    REQUIRE(r->vendor != nullptr);
    CHECK(r->vendor->name() == "Acme ID");
    CHECK(r->vendor->client() == "Acme Agent");
    const auto intercepted = r->vendor->symptoms(FindingCode::tls_intercepted);
    REQUIRE(intercepted.size() == 2);
    CHECK(intercepted[1] == "AcmeAgent: untrusted");
    REQUIRE(r->vendor->symptoms(FindingCode::tcp_refused).size() == 1);
    CHECK(r->vendor->symptoms(FindingCode::tls_pin_mismatch).empty());
    CHECK(r->vendor->remediation(FindingCode::tls_pin_mismatch) == "Ask Acme for its new chain.");
    CHECK(
        r->vendor->remediation(FindingCode::tls_intercepted).find("Acme Agent expects Acme ID's") !=
        std::string_view::npos);
    auto plan = probe::config::build_plan(*r, {});
    REQUIRE(plan.has_value());
    REQUIRE(plan->targets.size() == 2);
    CHECK(plan->targets[0].vendor == r->vendor);
    REQUIRE(plan->targets[1].vendor != nullptr);
    CHECK(plan->targets[1].vendor->name() == "Other");
    CHECK(plan->targets[1].vendor->client().empty());
  }

  TEST_CASE("domains: a bad vendor is refused at its line and column") {
    const std::string groups =
        "groups: [{name: a, allowlist: '*.a.example', pins: none, hosts: [a.a.example]}]\n";
    CHECK(error_of("version: 1\nvendor: {client: X}\n" + groups) ==
          "d.yaml:2:9: vendor is missing 'name'");
    CHECK(error_of("version: 1\nvendor:\n  name: X\n  symptom: {}\n" + groups) ==
          "d.yaml:4:3: unknown key 'symptom' in vendor (did you mean 'symptoms'?)");
    CHECK(
        error_of("version: 1\nvendor:\n  name: X\n  symptoms:\n    TLS_INTERCEPT: a\n" + groups) ==
        "d.yaml:5:5: 'TLS_INTERCEPT' is not a finding code (SPEC section 4: e.g. "
        "TLS_INTERCEPTED)");
    CHECK(error_of("version: 1\nvendor:\n  name: X\n  remediation: [a]\n" + groups) ==
          "d.yaml:4:16: 'remediation' must be a mapping of finding codes");
    CHECK(error_of("version: 1\nvendor:\n  name: X\n  remediation:\n    TLS_OK: [a]\n" + groups) ==
          "d.yaml:5:13: 'remediation' must be a string, found a sequence");
    CHECK(error_of(one_group("[login.okta.com]", "    vendor: {name: ''}\n")) ==
          "d.yaml:8:20: 'name' must not be empty");
  }
}
