// Pinsets (SPEC §2 pins/): strict validation with exact "file:line:col: message" errors,
// anchors checked against their pins.
#include "config/pinset.hpp"

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "config/file_source.hpp"
#include "core/clock.hpp"
#include "core/embedded.hpp"
#include "tls/certificate.hpp"
#include "tls/judge.hpp"
#include "tls/test_pki.hpp"

using probe::config::certificate_role;
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

namespace test = probe::test;

probe::core::SysTime day(int y, unsigned m, unsigned d) {
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

// A generated hierarchy: root (self-signed CA) -> intermediate (CA) -> leaf for
// "app.example.test", plus a self-signed leaf (not a CA). DER of each and its SPKI pin.
struct LabPki {
  test::ossl::EvpPkeyPtr root_key = test::make_key();
  test::ossl::EvpPkeyPtr inter_key = test::make_key();
  test::ossl::EvpPkeyPtr leaf_key = test::make_key();
  std::string root, inter, leaf, self_signed_leaf;

  LabPki() {
    test::CertSpec spec;
    spec.not_before = day(2026, 1, 1);
    spec.not_after = day(2030, 1, 1);
    spec.is_ca = true;
    spec.subject = {{"O", "Lab"}, {"CN", "Lab Root"}};
    auto root_cert = test::make_cert(spec, root_key.get(), nullptr, root_key.get());
    spec.subject = {{"O", "Lab"}, {"CN", "Lab Issuing CA"}};
    spec.serial = 2;
    auto inter_cert = test::make_cert(spec, inter_key.get(), root_cert.get(), root_key.get());
    spec.is_ca = false;
    spec.subject = {{"CN", "app.example.test"}};
    spec.dns_names = {"app.example.test"};
    spec.serial = 3;
    auto leaf_cert = test::make_cert(spec, leaf_key.get(), inter_cert.get(), inter_key.get());
    spec.serial = 4;
    auto self_cert = test::make_cert(spec, leaf_key.get(), nullptr, leaf_key.get());
    root = test::to_der(root_cert.get());
    inter = test::to_der(inter_cert.get());
    leaf = test::to_der(leaf_cert.get());
    self_signed_leaf = test::to_der(self_cert.get());
  }
  static std::string pin(const std::string& der) {
    auto p = probe::tls::spki_pin_of(der);
    REQUIRE(p.has_value());
    return *p;
  }
  [[nodiscard]] MemorySource files() const {
    return MemorySource({{"certs/root.der", root},
                         {"certs/inter.der", inter},
                         {"certs/leaf.der", leaf},
                         {"certs/self.der", self_signed_leaf}});
  }
};

// "  - sha256: ...\n    label: ...\n" plus optional role and cert lines.
std::string pin_entry(const std::string& sha, const std::string& label, const std::string& role,
                      const std::string& cert) {
  std::string out = "  - sha256: \"" + sha + "\"\n    label: " + label + "\n";
  if (!role.empty()) out += "    role: " + role + "\n";
  if (!cert.empty()) out += "    cert: " + cert + "\n";
  return out;
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
    CHECK(r->pins[0].role == probe::core::PinRole::root);
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

  TEST_CASE("pinset: the SPEC example form (sha256, label, cert) loads with its role inferred") {
    // SPEC §2 "pins/", verbatim.
    const std::string spec_example =
        "name: okta\n"
        "description: CA hierarchy that signs Okta org and admin domains\n"
        "pins:                              # SPKI SHA-256, base64 (RFC 7469 pin-sha256 form)\n"
        "  - sha256: \"r/mIkG3eEpVdm+u/ko/cwxzOMo1bk4TyHIlByibiA5E=\"\n"
        "    label: DigiCert Global Root CA\n"
        "    cert: certs/DigiCert_Global_Root_CA.pem\n";
    const auto files = files_with({{"certs/DigiCert_Global_Root_CA.pem",
                                    embedded("pins/certs/DigiCert_Global_Root_CA.pem")}});
    auto r = parse_pinset(spec_example, "okta.yaml", files);
    REQUIRE_MESSAGE(r.has_value(), r.error().message);
    REQUIRE(r->pins.size() == 1);
    CHECK(r->pins[0].label == "DigiCert Global Root CA");
    CHECK(r->pins[0].role == probe::core::PinRole::root);
    CHECK(r->anchors().size() == 1);
  }

  TEST_CASE(
      "pinset: a role is inferred from cert: self-signed CA root, CA intermediate, else leaf") {
    const LabPki lab;
    const auto files = lab.files();
    const auto yaml = "name: lab\npins:\n" +
                      pin_entry(LabPki::pin(lab.root), "root", "", "certs/root.der") +
                      pin_entry(LabPki::pin(lab.inter), "inter", "", "certs/inter.der") +
                      pin_entry(LabPki::pin(lab.leaf), "leaf", "", "certs/leaf.der");
    auto r = parse_pinset(yaml, "lab.yaml", files);
    REQUIRE_MESSAGE(r.has_value(), r.error().message);
    REQUIRE(r->pins.size() == 3);
    CHECK(r->pins[0].role == probe::core::PinRole::root);
    CHECK(r->pins[1].role == probe::core::PinRole::intermediate);
    CHECK(r->pins[2].role == probe::core::PinRole::leaf);
    // A self-signed certificate that is not a CA is a leaf, not a root.
    auto self = probe::tls::describe_certificate(lab.self_signed_leaf);
    REQUIRE(self.has_value());
    CHECK(self->self_signed);
    CHECK(certificate_role(*self) == probe::core::PinRole::leaf);
    auto self_set = parse_pinset("name: lab\npins:\n" + pin_entry(LabPki::pin(lab.self_signed_leaf),
                                                                  "self", "", "certs/self.der"),
                                 "lab.yaml", files);
    REQUIRE_MESSAGE(self_set.has_value(), self_set.error().message);
    CHECK(self_set->pins[0].role == probe::core::PinRole::leaf);
  }

  TEST_CASE(
      "pinset: a role that agrees with its certificate is kept, a pin without cert keeps none") {
    const LabPki lab;
    const auto files = lab.files();
    auto r = parse_pinset("name: lab\npins:\n" +
                              pin_entry(LabPki::pin(lab.root), "root", "root", "certs/root.der") +
                              pin_entry(LabPki::pin(lab.inter), "inter", "intermediate", "") +
                              pin_entry(LabPki::pin(lab.leaf), "leaf", "", ""),
                          "lab.yaml", files);
    REQUIRE_MESSAGE(r.has_value(), r.error().message);
    CHECK(r->pins[0].role == probe::core::PinRole::root);
    CHECK(r->pins[1].role == probe::core::PinRole::intermediate);
    CHECK_FALSE(r->pins[2].role.has_value());  // known only where it matches on a verified path
  }

  TEST_CASE("pinset: a role that contradicts its certificate is refused at the role") {
    CHECK(error_of("name: okta\npins:\n  - sha256: \"" + std::string(k_g2_pin) +
                   "\"\n    label: G2\n    role: leaf\n    cert: certs/g2.pem\n") ==
          "p.yaml:5:11: role 'leaf' contradicts anchor 'certs/g2.pem', a self-signed CA "
          "certificate (a root)");
    CHECK(error_of("name: okta\npins:\n  - sha256: \"" + std::string(k_g2_pin) +
                   "\"\n    label: G2\n    cert: certs/g2.pem\n    role: intermediate\n") ==
          "p.yaml:6:11: role 'intermediate' contradicts anchor 'certs/g2.pem', a self-signed CA "
          "certificate (a root)");
    const LabPki lab;
    const auto files = lab.files();
    auto error = [&](const std::string& yaml) {
      auto r = parse_pinset(yaml, "lab.yaml", files);
      REQUIRE_FALSE(r.has_value());
      CHECK(r.error().kind == ErrorKind::config);
      return r.error().message;
    };
    CHECK(error("name: lab\npins:\n" +
                pin_entry(LabPki::pin(lab.inter), "inter", "root", "certs/inter.der")) ==
          "lab.yaml:5:11: role 'root' contradicts anchor 'certs/inter.der', a CA certificate that "
          "is not self-signed (an intermediate)");
    CHECK(error("name: lab\npins:\n" +
                pin_entry(LabPki::pin(lab.leaf), "leaf", "intermediate", "certs/leaf.der")) ==
          "lab.yaml:5:11: role 'intermediate' contradicts anchor 'certs/leaf.der', not a CA "
          "certificate (a leaf)");
  }

  TEST_CASE("pinset: a pin without role or cert reports the role of where it matched") {
    const LabPki lab;
    const auto files = lab.files();
    const probe::core::FixedClock clock{day(2026, 6, 1)};
    const std::vector<std::string> chain{lab.leaf, lab.inter, lab.root};
    auto judge = [&](const probe::config::Pinset& set) {
      probe::tls::JudgeContext context;
      context.pinset = &set;
      context.clock = &clock;
      return probe::tls::judge_chain(chain, "app.example.test", context);
    };
    auto roles_of = [](const probe::tls::Judgement& j) {
      std::map<std::string, std::string> roles;  // label -> role
      for (const auto& hit : j.verdict.pin_matches)
        roles[hit.label] = probe::core::to_string(hit.role);
      return roles;
    };
    SUBCASE("leaf and intermediate positions under a root anchor without role") {
      auto set = parse_pinset("name: lab\npins:\n" +
                                  pin_entry(LabPki::pin(lab.root), "root", "", "certs/root.der") +
                                  pin_entry(LabPki::pin(lab.inter), "inter", "", "") +
                                  pin_entry(LabPki::pin(lab.leaf), "leaf", "", ""),
                              "lab.yaml", files);
      REQUIRE_MESSAGE(set.has_value(), set.error().message);
      const auto j = judge(*set);
      REQUIRE(j.verdict.anchor_verified);
      const auto roles = roles_of(j);
      REQUIRE(roles.size() == 3);
      CHECK(roles.at("leaf") == "leaf");
      CHECK(roles.at("inter") == "intermediate");
      CHECK(roles.at("root") == "root");
    }
    SUBCASE("an intermediate anchor ends the path: its pin is reported as intermediate") {
      auto set = parse_pinset(
          "name: lab\npins:\n" + pin_entry(LabPki::pin(lab.inter), "inter", "", "certs/inter.der") +
              pin_entry(LabPki::pin(lab.leaf), "leaf", "", ""),
          "lab.yaml", files);
      REQUIRE_MESSAGE(set.has_value(), set.error().message);
      CHECK(set->pins[0].role == probe::core::PinRole::intermediate);
      const auto j = judge(*set);
      REQUIRE(j.verdict.anchor_verified);
      const auto roles = roles_of(j);
      CHECK(roles.at("leaf") == "leaf");
      CHECK(roles.at("inter") == "intermediate");
      CHECK(j.verdict.matched_role == probe::core::PinRole::leaf);
    }
  }

  TEST_CASE("pinset: a root inspected alone is reported as root, a self-signed leaf as leaf") {
    const LabPki lab;
    const auto files = lab.files();
    probe::config::PinsetCatalog catalog;
    auto set = parse_pinset(
        "name: lab\npins:\n" + pin_entry(LabPki::pin(lab.root), "root", "", "certs/root.der") +
            pin_entry(LabPki::pin(lab.self_signed_leaf), "self", "", "certs/self.der"),
        "lab.yaml", files);
    REQUIRE_MESSAGE(set.has_value(), set.error().message);
    catalog.pinsets.push_back(std::move(*set));
    const probe::core::FixedClock clock{day(2026, 6, 1)};
    auto role_in = [&](const std::string& der) {
      const auto trust = probe::tls::describe_trust(std::vector<std::string>{der}, catalog, clock);
      REQUIRE(trust.pinsets.size() == 1);
      REQUIRE(trust.pinsets[0].verified);
      REQUIRE(trust.pinsets[0].matches.size() == 1);
      return std::string(probe::core::to_string(trust.pinsets[0].matches[0].role));
    };
    CHECK(role_in(lab.root) == "root");
    CHECK(role_in(lab.self_signed_leaf) == "leaf");
  }

  TEST_CASE("pinset: the built-in okta pinset loads and its declared roles match its anchors") {
    auto text = embedded("pins/okta.yaml");
    const auto files = MemorySource({
        {"certs/DigiCert_Global_Root_G2.pem", embedded("pins/certs/DigiCert_Global_Root_G2.pem")},
        {"certs/DigiCert_Global_Root_CA.pem", embedded("pins/certs/DigiCert_Global_Root_CA.pem")},
        {"certs/DigiCert_High_Assurance_EV_Root_CA.pem",
         embedded("pins/certs/DigiCert_High_Assurance_EV_Root_CA.pem")},
    });
    auto r = parse_pinset(text, "okta.yaml", files);
    REQUIRE_MESSAGE(r.has_value(), r.error().message);
    for (const auto& pin : r->pins) {
      CAPTURE(pin.label);
      CHECK(pin.role.has_value());
      if (!pin.anchor_der.empty()) CHECK(pin.role == probe::core::PinRole::root);
    }
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
