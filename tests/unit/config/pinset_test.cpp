// Pinsets (SPEC §2 pins/): strict validation with exact "file:line:col: message" errors,
// anchors checked against their pins.
#include "config/pinset.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "config/file_source.hpp"
#include "core/embedded.hpp"

using probe::config::load_pinsets;
using probe::config::MemorySource;
using probe::config::parse_pinset;
using probe::core::ErrorKind;

namespace {

constexpr std::string_view k_g2_pin = "i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=";
constexpr std::string_view k_global_ca_pin = "r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=";
constexpr std::string_view k_leaf_pin = "rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCOg=";

std::string embedded(std::string_view path) {
  const auto bytes = probe::core::embedded_file(path);
  REQUIRE(bytes.has_value());
  return std::string(*bytes);
}

// A source with the real DigiCert anchors and some junk files, plus `extra` files.
MemorySource files_with(std::map<std::string, std::string, std::less<>> extra = {}) {
  std::map<std::string, std::string, std::less<>> files{
      {"certs/g2.pem", embedded("pins/certs/DigiCert_Global_Root_G2.pem")},
      {"certs/global-ca.pem", embedded("pins/certs/DigiCert_Global_Root_CA.pem")},
      {"certs/junk.pem", "this is not a certificate\n"},
      {"certs/two.pem", embedded("pins/certs/DigiCert_Global_Root_G2.pem") +
                            embedded("pins/certs/DigiCert_Global_Root_CA.pem")},
  };
  for (auto& [k, v] : extra) files[k] = v;
  return MemorySource(std::move(files));
}

// A pinset file whose first pin is the G2 root anchor, followed by `more` lines.
std::string pinset(const std::string& more, const std::string& name = "okta") {
  return "name: " + name +
         "\n"
         "description: test\n"
         "pins:\n"
         "  - sha256: \"" +
         std::string(k_g2_pin) +
         "\"\n"
         "    label: DigiCert Global Root G2\n"
         "    role: root\n"
         "    cert: certs/g2.pem\n" +
         more;
}

std::string error_of(const std::string& yaml) {
  const auto files = files_with();
  auto r = parse_pinset(yaml, "p.yaml", files);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == ErrorKind::config);
  return r.error().message;
}

}  // namespace

TEST_SUITE("config") {
  TEST_CASE("pinset: a valid pinset keeps pins in order with the anchor's DER") {
    const auto files = files_with();
    auto r = parse_pinset(pinset("  - sha256: \"" + std::string(k_leaf_pin) +
                                 "\"\n    label: leaf\n    role: leaf\n"),
                          "p.yaml", files);
    REQUIRE(r.has_value());
    CHECK(r->name == "okta");
    CHECK(r->description == "test");
    CHECK(r->source == "p.yaml");
    REQUIRE(r->pins.size() == 2);
    CHECK(r->pins[0].role == "root");
    CHECK(r->pins[0].cert_path == "certs/g2.pem");
    CHECK_FALSE(r->pins[0].anchor_der.empty());
    CHECK(r->pins[1].anchor_der.empty());
    CHECK(r->anchors().size() == 1);
    REQUIRE(r->find_pin(k_leaf_pin) != nullptr);
    CHECK(r->find_pin(k_leaf_pin)->label == "leaf");
    CHECK(r->find_pin(k_global_ca_pin) == nullptr);
  }

  TEST_CASE("pinset: a pin that is not base64 of 32 bytes is refused") {
    CHECK(error_of(pinset("  - sha256: \"abc\"\n    label: x\n    role: leaf\n")) ==
          "p.yaml:8:13: pin 'abc' is not base64 of a 32-byte SHA-256 digest");
    // 33 bytes of base64, and a hex digest (the wrong encoding)
    CHECK(error_of(pinset("  - sha256: \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"\n"
                          "    label: x\n    role: leaf\n")) ==
          "p.yaml:8:13: pin 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' is not base64 of a "
          "32-byte SHA-256 digest");
    CHECK(error_of(pinset("  - sha256: "
                          "aeb57a08b082bea9e4f3d81689b613d093ba7cd43c7028adec6ee22895538c28\n"
                          "    label: x\n    role: leaf\n")) ==
          "p.yaml:8:13: pin 'aeb57a08b082bea9e4f3d81689b613d093ba7cd43c7028adec6ee22895538c28' is "
          "not base64 of a 32-byte SHA-256 digest");
    CHECK(error_of(pinset("  - sha256: \"rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCO!=\"\n"
                          "    label: x\n    role: leaf\n")) ==
          "p.yaml:8:13: pin 'rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCO!=' is not base64 of a "
          "32-byte SHA-256 digest");
  }

  TEST_CASE("pinset: a role outside root, intermediate and leaf is refused") {
    CHECK(error_of(pinset("  - sha256: \"" + std::string(k_leaf_pin) +
                          "\"\n    label: x\n    role: anchor\n")) ==
          "p.yaml:10:11: role 'anchor' is not one of root, intermediate, leaf");
  }

  TEST_CASE("pinset: an anchor file that does not exist is refused") {
    CHECK(error_of("name: okta\npins:\n  - sha256: \"" + std::string(k_g2_pin) +
                   "\"\n    label: x\n    role: root\n    cert: certs/missing.pem\n") ==
          "p.yaml:6:11: anchor certificate 'certs/missing.pem' cannot be read: "
          "certs/missing.pem: no such file");
  }

  TEST_CASE("pinset: an anchor file that is not a certificate is refused") {
    CHECK(error_of("name: okta\npins:\n  - sha256: \"" + std::string(k_g2_pin) +
                   "\"\n    label: x\n    role: root\n    cert: certs/junk.pem\n") ==
          "p.yaml:6:11: anchor 'certs/junk.pem' is not a certificate: certs/junk.pem: not a "
          "certificate (expected PEM, DER, PKCS#7 or base64 DER)");
  }

  TEST_CASE("pinset: an anchor file with two certificates is refused") {
    CHECK(error_of("name: okta\npins:\n  - sha256: \"" + std::string(k_g2_pin) +
                   "\"\n    label: x\n    role: root\n    cert: certs/two.pem\n") ==
          "p.yaml:6:11: anchor 'certs/two.pem' holds 2 certificates; expected exactly one");
  }

  TEST_CASE("pinset: an anchor whose SPKI does not hash to its pin is refused") {
    CHECK(error_of("name: okta\npins:\n  - sha256: \"" + std::string(k_g2_pin) +
                   "\"\n    label: x\n    role: root\n    cert: certs/global-ca.pem\n") ==
          "p.yaml:6:11: anchor 'certs/global-ca.pem' has SPKI pin " + std::string(k_global_ca_pin) +
              ", not the listed " + std::string(k_g2_pin));
  }

  TEST_CASE("pinset: a pinset without any anchor certificate is refused") {
    CHECK(error_of("name: okta\npins:\n  - sha256: \"" + std::string(k_leaf_pin) +
                   "\"\n    label: leaf\n    role: leaf\n") ==
          "p.yaml:3:3: pinset 'okta' names no anchor certificate: give a root pin a 'cert'");
  }

  TEST_CASE("pinset: the same pin listed twice is refused") {
    CHECK(error_of(pinset("  - sha256: \"" + std::string(k_g2_pin) +
                          "\"\n    label: again\n    role: root\n")) ==
          "p.yaml:8:5: pin " + std::string(k_g2_pin) + " is listed twice");
  }

  TEST_CASE("pinset: unknown keys, missing keys and bad names are located") {
    CHECK(error_of(pinset("  - sha265: \"" + std::string(k_leaf_pin) +
                          "\"\n    label: x\n    role: leaf\n")) ==
          "p.yaml:8:5: unknown key 'sha265' in pin (did you mean 'sha256'?)");
    CHECK(error_of(pinset("  - sha256: \"" + std::string(k_leaf_pin) + "\"\n    role: leaf\n")) ==
          "p.yaml:8:5: pin is missing 'label'");
    CHECK(error_of(pinset("", "none")) ==
          "p.yaml:1:7: pinset name 'none' must be lower-case letters, digits, '-' or '_' and "
          "not 'none'");
    CHECK(error_of(pinset("", "Okta Pins")) ==
          "p.yaml:1:7: pinset name 'Okta Pins' must be lower-case letters, digits, '-' or '_' and "
          "not 'none'");
    CHECK(error_of("name: okta\npins: []\n") == "p.yaml:2:7: 'pins' must not be empty");
    CHECK(error_of("name: okta\nowner: me\npins: []\n") ==
          "p.yaml:2:1: unknown key 'owner' in pinset (expected one of: name, description, pins)");
    CHECK(error_of("") == "p.yaml:1:1: empty file: expected a pinset with 'name' and 'pins'");
    CHECK(error_of("name: [okta\n") == "p.yaml:2:1: invalid YAML: end of sequence flow not found");
  }

  TEST_CASE("pinset: load_pinsets reads every yaml file sorted by name") {
    const auto files = files_with({{"b.yaml", pinset("", "zeta")},
                                   {"a.yaml", pinset("", "alpha")},
                                   {"README.md", "not a pinset"}});
    auto r = load_pinsets(files);
    REQUIRE(r.has_value());
    REQUIRE(r->pinsets.size() == 2);
    CHECK(r->pinsets[0].name == "alpha");
    CHECK(r->pinsets[1].name == "zeta");
    CHECK(r->find("zeta") != nullptr);
    CHECK(r->find("okta") == nullptr);
  }

  TEST_CASE("pinset: load_pinsets refuses two pinsets with one name") {
    const auto files = files_with({{"a.yaml", pinset("")}, {"b.yaml", pinset("")}});
    auto r = load_pinsets(files);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == "b.yaml: pinset 'okta' is also defined in a.yaml");
  }

  TEST_CASE("pinset: load_pinsets refuses a directory without pinsets") {
    const auto files = files_with();
    auto r = load_pinsets(files);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == ErrorKind::config);
    CHECK(r.error().message.ends_with("no pinset (*.yaml) found"));
  }

  TEST_CASE("pinset: load_pinsets stops at the first bad file with its message") {
    const auto files = files_with({{"a.yaml", pinset("")}, {"b.yaml", "name: [\n"}});
    auto r = load_pinsets(files);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().message == "b.yaml:2:1: invalid YAML: end of sequence flow not found");
  }
}
