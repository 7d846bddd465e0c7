#include "config/signatures.hpp"

#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

using probe::config::parse_signatures;

namespace {
const std::string k_entry =
    "  - id: a\n    patterns: [{contains: x}]\n    cause: c\n    remediation: r\n"
    "    article: t\n    findings: [TPM_KEY_CREATE_FAILED]\n    confirm: pinprobe device\n";

std::string error_of(const std::string& text) {
  auto parsed = parse_signatures(text, "sig.yaml");
  REQUIRE_FALSE(parsed);
  return parsed.error().message;
}
}  // namespace

TEST_SUITE("explain") {
  TEST_CASE("signatures: the built-in file loads and every entry has a known finding") {
    auto sigs = probe::config::default_signatures();
    REQUIRE(sigs);
    CHECK(sigs->size() >= 13);
    for (const auto& s : *sigs) {
      CHECK_FALSE(s.findings.empty());
      CHECK(s.confirm.rfind("pinprobe", 0) == 0);
    }
  }

  TEST_CASE("signatures: a minimal file parses") {
    auto sigs = parse_signatures("version: 1\nsignatures:\n" + k_entry, "sig.yaml");
    REQUIRE(sigs);
    REQUIRE(sigs->size() == 1);
    CHECK((*sigs)[0].patterns[0].text == "x");
    CHECK_FALSE((*sigs)[0].patterns[0].is_regex);
  }

  TEST_CASE("signatures: malformed files fail with file, line and column") {
    CHECK(error_of("version: 2\nsignatures:\n" + k_entry) ==
          "sig.yaml:1:10: unsupported version 2");
    CHECK(error_of("version: 1\nsignatures:\n" + k_entry + k_entry) ==
          "sig.yaml:10:9: duplicate signature id 'a'");
    std::string bad_regex = k_entry;
    bad_regex.replace(bad_regex.find("{contains: x}"), 13, "{regex: 'a('}");
    CHECK(error_of("version: 1\nsignatures:\n" + bad_regex) ==
          "sig.yaml:4:24: invalid regex: missing closing parenthesis at offset 2");
    CHECK(error_of("version: 1\nsignatures:\n  - id: a\n    patern: []\n") ==
          "sig.yaml:4:5: unknown key 'patern' in signature (did you mean 'patterns'?)");
    std::string bad_code = k_entry;
    bad_code.replace(bad_code.find("TPM_KEY_CREATE_FAILED"), 21, "TPM_BROKEN");
    CHECK(error_of("version: 1\nsignatures:\n" + bad_code) ==
          "sig.yaml:8:16: unknown finding code 'TPM_BROKEN'");
    std::string bad_confirm = k_entry;
    bad_confirm.replace(bad_confirm.find("pinprobe device"), 15, "rm -rf /");
    CHECK(error_of("version: 1\nsignatures:\n" + bad_confirm) ==
          "sig.yaml:9:14: 'confirm' must be a pinprobe command ('pinprobe ...')");
  }
}

TEST_SUITE("explain") {
  TEST_CASE("signatures: event_id, channel and provider parse; bad values fail with a position") {
    const std::string fields =
        "  - id: a\n    patterns: [{contains: x}]\n    event_id: [32, 307]\n"
        "    channel: DeviceManagement\n    provider: Enterprise\n    cause: c\n"
        "    remediation: r\n    article: t\n    findings: [TPM_KEY_CREATE_FAILED]\n"
        "    confirm: pinprobe device\n";
    auto sigs = parse_signatures("version: 1\nsignatures:\n" + fields, "sig.yaml");
    REQUIRE(sigs);
    CHECK((*sigs)[0].event_ids == std::vector<std::uint32_t>{32, 307});
    CHECK((*sigs)[0].channel == "DeviceManagement");
    CHECK((*sigs)[0].provider == "Enterprise");
    auto single =
        parse_signatures("version: 1\nsignatures:\n" + k_entry + "    event_id: 32\n", "sig.yaml");
    REQUIRE(single);
    CHECK((*single)[0].event_ids == std::vector<std::uint32_t>{32});
    CHECK(error_of("version: 1\nsignatures:\n" + k_entry + "    event_id: 70000\n")
              .find("sig.yaml:10:") == 0);
    CHECK(error_of("version: 1\nsignatures:\n" + k_entry + "    event_id: 70000\n")
              .find("not a Windows event ID") != std::string::npos);
    CHECK(error_of("version: 1\nsignatures:\n" + k_entry + "    event_id: [x]\n")
              .find("must be an integer") != std::string::npos);
    CHECK(error_of("version: 1\nsignatures:\n" + k_entry + "    channel: ''\n")
              .find("'channel' must not be empty") != std::string::npos);
  }

  TEST_CASE("signatures: the built-in SCEP signatures name the seed's event IDs and channel") {
    auto sigs = probe::config::default_signatures();
    REQUIRE(sigs);
    std::map<std::string, const probe::config::Signature*> by_id;
    for (const auto& s : *sigs) by_id[s.id] = &s;
    REQUIRE(by_id.count("scep-hash-not-correct") == 1);
    REQUIRE(by_id.count("scep-init-failed") == 1);
    CHECK(by_id["scep-hash-not-correct"]->event_ids == std::vector<std::uint32_t>{32});
    CHECK(by_id["scep-init-failed"]->event_ids == std::vector<std::uint32_t>{307});
    CHECK(by_id["scep-init-failed"]->channel.find("DeviceManagement") != std::string::npos);
    CHECK(by_id["scep-init-failed"]->confirm.rfind("pinprobe scep", 0) == 0);
  }
}
