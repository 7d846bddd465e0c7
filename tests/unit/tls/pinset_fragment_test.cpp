#include "tls/pinset_fragment.hpp"

#include <doctest/doctest.h>

#include <map>

#include "config/file_source.hpp"
#include "config/pinset.hpp"
#include "judge_support.hpp"
#include "test_pki.hpp"

namespace probe::tls {
namespace {

using test::day;

const core::FixedClock k_clock{test::day(2026, 6, 1)};

TEST_SUITE("tls") {
  TEST_CASE("pinset fragment: a genuine chain gives a pinset that loads and pins its root") {
    JudgeContext context;
    context.clock = &k_clock;
    const auto j = judge_chain(test::okta_chain("okta.com-2026.pem"), "acme.okta.com", context);
    const auto fragment = pinset_fragment(j, "acme.okta.com:443", k_clock.now());
    CHECK(fragment.warning.empty());
    CHECK(fragment.yaml.find("name: acme-okta-com\n") != std::string::npos);
    CHECK(fragment.yaml.find("sha256: \"rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCOg=\"\n"
                             "    label: \"*.okta.com leaf key (until 2027-01-15T23:59:59Z)\"\n"
                             "    role: leaf") != std::string::npos);
    CHECK(fragment.yaml.find("role: intermediate") != std::string::npos);
    CHECK(fragment.yaml.find("cert: certs/DigiCert_Global_Root_G2.pem") != std::string::npos);
    REQUIRE(fragment.anchor_files.size() == 1);
    // Round trip: the fragment plus its anchor file is a valid pinset.
    std::map<std::string, std::string, std::less<>> files{
        {"learned.yaml", fragment.yaml},
        {fragment.anchor_files.front().first, fragment.anchor_files.front().second}};
    const config::MemorySource source(files);
    auto pinset = config::parse_pinset(fragment.yaml, "learned.yaml", source);
    REQUIRE_MESSAGE(pinset.has_value(), pinset.error().message);
    CHECK(pinset->pins.size() == 3);
    CHECK(pinset->anchors().size() == 1);
    // The roles the writer states agree with what the loader infers from the anchor: the same
    // fragment without its role lines (SPEC §2's form) loads with the root's role inferred and
    // the others matched by position, and pins the same chain the same way.
    std::string spec_form;
    for (std::size_t at = 0; at < fragment.yaml.size();) {
      const auto end = fragment.yaml.find('\n', at);
      const auto line = fragment.yaml.substr(at, end - at + 1);
      if (line.find("    role: ") != 0) spec_form += line;
      at = end == std::string::npos ? fragment.yaml.size() : end + 1;
    }
    CHECK(spec_form.find("role:") == std::string::npos);
    auto roleless = config::parse_pinset(spec_form, "learned.yaml", source);
    REQUIRE_MESSAGE(roleless.has_value(), roleless.error().message);
    REQUIRE(roleless->pins.size() == 3);
    CHECK_FALSE(roleless->pins[0].role.has_value());
    CHECK_FALSE(roleless->pins[1].role.has_value());
    CHECK(roleless->pins[2].role == probe::core::PinRole::root);
    JudgeContext pinned;
    pinned.clock = &k_clock;
    pinned.pinset = &*roleless;
    const auto again = judge_chain(test::okta_chain("okta.com-2026.pem"), "acme.okta.com", pinned);
    std::vector<std::string> roles;
    for (const auto& hit : again.verdict.pin_matches)
      roles.emplace_back(probe::core::to_string(hit.role));
    CHECK(roles == std::vector<std::string>{"leaf", "intermediate", "root"});
  }

  TEST_CASE("pinset fragment: an intercepted chain carries a loud warning") {
    auto key = test::make_key();
    test::CertSpec spec;
    spec.subject = {{"CN", "mitmproxy"}, {"O", "mitmproxy"}};
    spec.is_ca = true;
    spec.not_before = day(2026, 1, 1);
    spec.not_after = day(2030, 1, 1);
    auto ca = test::make_cert(spec, key.get(), nullptr, key.get());
    test::CertSpec leaf_spec;
    leaf_spec.subject = {{"CN", "acme.okta.com\"\n"}};
    leaf_spec.dns_names = {"acme.okta.com"};
    leaf_spec.not_before = day(2026, 5, 1);
    leaf_spec.not_after = day(2026, 7, 1);
    auto leaf = test::make_cert(leaf_spec, key.get(), ca.get(), key.get());
    JudgeContext context;
    context.clock = &k_clock;
    const auto j =
        judge_chain(std::vector<std::string>{test::to_der(leaf.get()), test::to_der(ca.get())},
                    "acme.okta.com", context);
    REQUIRE(j.intercepted);
    const auto fragment = pinset_fragment(j, "acme.okta.com", k_clock.now());
    CHECK(fragment.warning.find("INTERCEPTED") != std::string::npos);
    CHECK(fragment.warning.find("mitmproxy") != std::string::npos);
    CHECK(fragment.yaml.find("# WARNING: this chain looks INTERCEPTED") != std::string::npos);
    // The hostile CN cannot break out of its YAML string.
    CHECK(fragment.yaml.find("label: \"acme.okta.com\\\"\\n leaf key") != std::string::npos);
  }

  TEST_CASE("chain trust: a certificate file is matched to public roots and pinsets") {
    const auto trust = describe_trust(test::okta_chain("okta.com.pem"), test::real_pins(),
                                      core::FixedClock{day(2030, 1, 1)});
    CHECK(trust.public_root);
    CHECK(trust.public_anchor.find("DigiCert Global Root CA") != std::string::npos);
    REQUIRE(trust.pinsets.size() == 1);
    CHECK(trust.pinsets.front().pinset == "okta");
    CHECK(trust.pinsets.front().verified);
    CHECK(trust.pinsets.front().matches.size() == 3);
  }
}

}  // namespace
}  // namespace probe::tls
