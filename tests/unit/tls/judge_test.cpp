#include "tls/judge.hpp"

#include <doctest/doctest.h>

#include <filesystem>

#include "config/inspection_products.hpp"
#include "judge_support.hpp"
#include "test_pki.hpp"
#include "tls/cert_store.hpp"
#include "tls/public_roots.hpp"

namespace probe::tls {
namespace {

using core::FindingCode;
using test::day;
using test::evidence;
using test::get;
using test::has;

// Inside the validity of okta.com-2026.pem (2025-12-15 .. 2027-01-15).
const core::FixedClock k_in_2026{test::day(2026, 6, 1)};

JudgeContext okta_context(const core::Clock& clock) {
  JudgeContext context;
  context.pinset = &test::okta_pinset();
  context.products = &probe::config::builtin_inspection_products();
  context.clock = &clock;
  return context;
}

// An inspection CA as Zscaler names it, and the Okta leaf re-signed by it.
struct Inspection {
  test::ossl::EvpPkeyPtr key = test::make_key();
  test::ossl::X509Ptr ca;
  std::string leaf_der;
};

Inspection zscaler_resign(const std::string& genuine_leaf) {
  Inspection x;
  test::CertSpec spec;
  spec.subject = {{"C", "US"},
                  {"O", "Zscaler Inc."},
                  {"OU", "Zscaler Inc."},
                  {"CN", "Zscaler Intermediate Root CA (zscaler.net)"}};
  spec.is_ca = true;
  spec.not_before = day(2024, 1, 1);
  spec.not_after = day(2034, 1, 1);
  x.ca = test::make_cert(spec, x.key.get(), nullptr, x.key.get());
  auto original = test::from_der(genuine_leaf);
  auto forged = test::resign(original.get(), x.ca.get(), x.key.get());
  x.leaf_der = test::to_der(forged.get());
  return x;
}

TEST_SUITE("tls") {
  TEST_CASE("judge: every okta-pki chain verifies to a DigiCert root and matches pinset okta") {
    int judged = 0;
    int unreadable = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(PROBE_OKTA_PKI_DIR))) {
      if (entry.path().extension() != ".pem") continue;
      const auto file = entry.path().filename().string();
      CAPTURE(file);
      auto bytes = config::read_file(entry.path().string());
      REQUIRE(bytes.has_value());
      auto loaded = load_certificates(*bytes, file);
      if (!loaded) {
        // ldap.oktapreview.com.pem lost the start of its first BEGIN line in the snapshot:
        // it must fail to load, loudly, rather than be guessed at.
        CHECK(loaded.error().message.find("END without BEGIN") != std::string::npos);
        ++unreadable;
        continue;
      }
      ++judged;
      const auto& chain = *loaded;
      auto leaf = describe_certificate(chain.front());
      REQUIRE(leaf.has_value());
      const core::FixedClock clock{leaf->not_before + std::chrono::days{20}};
      std::string host = leaf->dns_names.front();
      if (host.starts_with("*.")) host = "acme" + host.substr(1);
      const auto j = judge_chain(chain, host, okta_context(clock));
      CAPTURE(test::codes(j));
      CHECK(j.verdict.anchor_verified);
      CHECK(j.verdict.public_root);
      CHECK(j.verdict.hostname_ok);
      CHECK(j.verdict.anchor_subject.find("DigiCert") != std::string::npos);
      CHECK(has(j, FindingCode::tls_ok));
      CHECK_FALSE(has(j, FindingCode::tls_intercepted));
      CHECK_FALSE(has(j, FindingCode::tls_pin_mismatch));
    }
    CHECK(judged == 14);
    CHECK(unreadable == 1);
  }

  TEST_CASE("judge: the 2026 okta.com chain matches by leaf SPKI and by root") {
    const auto j = judge_chain(test::okta_chain("okta.com-2026.pem"), "acme.okta.com",
                               okta_context(k_in_2026));
    REQUIRE(has(j, FindingCode::tls_ok));
    auto role = [&](const std::string& r) {
      for (const auto& hit : j.verdict.pin_matches) {
        if (core::to_string(hit.role) == r) return hit;
      }
      return core::ChainVerdict::PinHit{};
    };
    CHECK(role("leaf").pin == "rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCOg=");
    CHECK(role("root").label == "DigiCert Global Root G2");
    CHECK(role("intermediate").label == "DigiCert Global G2 TLS RSA SHA256 2020 CA1");
    CHECK(j.verdict.matched_role == core::PinRole::leaf);
    CHECK(j.verdict.verified_path.size() == 3);
    CHECK(get(j, FindingCode::tls_ok).message.find("leaf") != std::string::npos);
  }

  TEST_CASE("judge: an expired genuine chain is CERT_EXPIRED, never interception") {
    const core::FixedClock after{day(2027, 3, 1)};
    const auto j =
        judge_chain(test::okta_chain("okta.com-2026.pem"), "acme.okta.com", okta_context(after));
    CAPTURE(test::codes(j));
    CHECK(has(j, FindingCode::cert_expired));
    CHECK(j.verdict.anchor_verified);
    CHECK_FALSE(has(j, FindingCode::tls_ok));
    CHECK_FALSE(has(j, FindingCode::tls_intercepted));
    CHECK(evidence(get(j, FindingCode::cert_expired), "not_after") == "2027-01-15T23:59:59Z");
  }

  TEST_CASE("judge: a genuine chain before its start date is CERT_NOT_YET_VALID") {
    const core::FixedClock before{day(2025, 12, 1)};
    const auto j =
        judge_chain(test::okta_chain("okta.com-2026.pem"), "acme.okta.com", okta_context(before));
    CHECK(has(j, FindingCode::cert_not_yet_valid));
    CHECK_FALSE(has(j, FindingCode::tls_intercepted));
  }

  TEST_CASE("judge: a genuine chain close to expiry warns CERT_EXPIRES_SOON and stays TLS_OK") {
    const core::FixedClock soon{day(2027, 1, 10)};
    const auto j =
        judge_chain(test::okta_chain("okta.com-2026.pem"), "acme.okta.com", okta_context(soon));
    CHECK(has(j, FindingCode::cert_expires_soon));
    CHECK(has(j, FindingCode::tls_ok));
    CHECK(evidence(get(j, FindingCode::cert_expires_soon), "days_left") == "5");
  }

  TEST_CASE("judge: a genuine chain for another host is CERT_HOSTNAME_MISMATCH") {
    const auto j = judge_chain(test::okta_chain("okta.com-2026.pem"), "login.example.com",
                               okta_context(k_in_2026));
    CHECK(has(j, FindingCode::cert_hostname_mismatch));
    CHECK_FALSE(j.verdict.hostname_ok);
    CHECK_FALSE(has(j, FindingCode::tls_ok));
    CHECK_FALSE(has(j, FindingCode::tls_intercepted));
    // RFC 6125: the wildcard covers one label only.
    const auto deep =
        judge_chain(test::okta_chain("okta.com-2026.pem"), "a.b.okta.com", okta_context(k_in_2026));
    CHECK(has(deep, FindingCode::cert_hostname_mismatch));
    const auto apex =
        judge_chain(test::okta_chain("okta.com-2026.pem"), "okta.com", okta_context(k_in_2026));
    CHECK(has(apex, FindingCode::tls_ok));
  }

  TEST_CASE("judge: the okta leaf re-signed by a Zscaler CA is TLS_INTERCEPTED naming it") {
    auto genuine = test::okta_chain("okta.com-2026.pem");
    const auto x = zscaler_resign(genuine.front());
    const std::vector<std::string> chain{x.leaf_der, test::to_der(x.ca.get())};
    const auto j = judge_chain(chain, "acme.okta.com", okta_context(k_in_2026));
    CAPTURE(test::codes(j));
    REQUIRE(has(j, FindingCode::tls_intercepted));
    CHECK(j.intercepted);
    CHECK_FALSE(j.verdict.anchor_verified);
    CHECK(j.verdict.pin_matches.empty());  // the leaf key is Okta's, but not on a verified path
    CHECK(j.verdict.product == "Zscaler");
    CHECK(j.verdict.resigning_ca_subject.find("Zscaler Intermediate Root CA (zscaler.net)") !=
          std::string::npos);
    const auto& f = get(j, FindingCode::tls_intercepted);
    CHECK(f.message.find("Zscaler") != std::string::npos);
    CHECK(f.message.find("untrusted man-in-the-middle") != std::string::npos);
    CHECK(evidence(f, "resigning_ca_pin") == *spki_pin_of(test::to_der(x.ca.get())));
    CHECK(evidence(f, "product") == "Zscaler");
    CHECK_FALSE(has(j, FindingCode::tls_ok));
  }

  TEST_CASE("judge: chains judged again, interleaved, keep their own verdicts and paths") {
    // Each store keeps its verification outcomes by chain, and the pinset's store is built
    // once: a second judgement of a chain must equal the first, and never borrow another's.
    auto genuine = test::okta_chain("okta.com-2026.pem");
    const auto x = zscaler_resign(genuine.front());
    const std::vector<std::string> forged{x.leaf_der, test::to_der(x.ca.get())};
    const auto context = okta_context(k_in_2026);
    const auto first_ok = judge_chain(genuine, "acme.okta.com", context);
    const auto first_forged = judge_chain(forged, "acme.okta.com", context);
    REQUIRE(has(first_ok, FindingCode::tls_ok));
    REQUIRE(has(first_forged, FindingCode::tls_intercepted));
    for (int round = 0; round < 2; ++round) {
      const auto ok = judge_chain(genuine, "acme.okta.com", context);
      const auto bad = judge_chain(forged, "acme.okta.com", context);
      CHECK(test::codes(ok) == test::codes(first_ok));
      CHECK(ok.path_der == first_ok.path_der);
      CHECK(ok.verdict.pin_matches.size() == first_ok.verdict.pin_matches.size());
      CHECK(test::codes(bad) == test::codes(first_forged));
      CHECK(bad.path_der == first_forged.path_der);
    }
    // The leaf alone is verified only as the pinned leaf it is (a path of one), never given the
    // complete chain's path judged above.
    const std::vector<std::string> leaf_only{genuine.front()};
    const auto alone = judge_chain(leaf_only, "acme.okta.com", context);
    CAPTURE(test::codes(alone));
    CHECK(has(alone, FindingCode::cert_chain_incomplete));
    CHECK(alone.path_der == leaf_only);
    CHECK(first_ok.path_der.size() == 3);
  }

  TEST_CASE("judge: an inspection CA in the system store is reported as a managed device") {
    auto genuine = test::okta_chain("okta.com-2026.pem");
    const auto x = zscaler_resign(genuine.front());
    const std::vector<std::string> anchors{test::to_der(x.ca.get())};
    const auto system = CertStore::from_der(anchors, {}, "test system store");
    auto context = okta_context(k_in_2026);
    context.system_store = &system;
    const auto j = judge_chain(std::vector<std::string>{x.leaf_der}, "acme.okta.com", context);
    REQUIRE(has(j, FindingCode::tls_intercepted));
    CHECK(j.verdict.system_trusted);
    const auto& f = get(j, FindingCode::tls_intercepted);
    CHECK(f.message.find("managed device") != std::string::npos);
    CHECK(evidence(f, "system_trust").find("managed device with an inspection CA installed") == 0);
    // The CA was not sent (leaf only) but the system path supplies its pin.
    CHECK(evidence(f, "resigning_ca_pin") == *spki_pin_of(anchors.front()));
  }

  TEST_CASE("judge: a mitmproxy chain whose leaf reuses the CA key is named with that hint") {
    auto key = test::make_key();
    test::CertSpec ca_spec;
    ca_spec.subject = {{"CN", "mitmproxy"}, {"O", "mitmproxy"}};
    ca_spec.is_ca = true;
    ca_spec.not_before = day(2026, 1, 1);
    ca_spec.not_after = day(2036, 1, 1);
    auto ca = test::make_cert(ca_spec, key.get(), nullptr, key.get());
    test::CertSpec leaf_spec;
    leaf_spec.subject = {{"CN", "acme.okta.com"}};
    leaf_spec.dns_names = {"acme.okta.com"};
    leaf_spec.not_before = day(2026, 5, 30);
    leaf_spec.not_after = day(2026, 6, 20);
    auto leaf = test::make_cert(leaf_spec, key.get(), ca.get(), key.get());
    const std::vector<std::string> chain{test::to_der(leaf.get()), test::to_der(ca.get())};
    const auto j = judge_chain(chain, "acme.okta.com", okta_context(k_in_2026));
    REQUIRE(has(j, FindingCode::tls_intercepted));
    CHECK(j.verdict.product == "mitmproxy");
    const auto& hints = j.verdict.hints;
    auto hinted = [&](std::string_view text) {
      return std::any_of(hints.begin(), hints.end(),
                         [&](const std::string& h) { return h.find(text) != std::string::npos; });
    };
    CHECK(hinted("reuses the key of its issuer"));
    CHECK(hinted("valid for only 21 days"));
    CHECK(hinted("no CRL distribution point and no AIA"));
    CHECK(hinted("no SCTs"));
  }

  TEST_CASE("judge: a self-signed leaf is TLS_INTERCEPTED with honest evidence") {
    auto key = test::make_key();
    test::CertSpec spec;
    spec.subject = {{"CN", "acme.okta.com"}};
    spec.dns_names = {"acme.okta.com"};
    spec.not_before = day(2026, 1, 1);
    spec.not_after = day(2027, 1, 1);
    auto leaf = test::make_cert(spec, key.get(), nullptr, key.get());
    const auto j = judge_chain(std::vector<std::string>{test::to_der(leaf.get())}, "acme.okta.com",
                               okta_context(k_in_2026));
    REQUIRE(has(j, FindingCode::tls_intercepted));
    const auto& f = get(j, FindingCode::tls_intercepted);
    CHECK(f.message.find("self-signed") != std::string::npos);
    CHECK(j.verdict.product.empty());
    CHECK(evidence(f, "hint") == "the leaf is self-signed");
  }

  TEST_CASE("judge: an unknown private CA is TLS_INTERCEPTED without a product") {
    auto ca_key = test::make_key();
    auto leaf_key = test::make_key();
    test::CertSpec ca_spec;
    ca_spec.subject = {{"CN", "Acme Corp Security Gateway CA"}, {"O", "Acme Corp"}};
    ca_spec.is_ca = true;
    ca_spec.not_before = day(2026, 1, 1);
    ca_spec.not_after = day(2030, 1, 1);
    auto ca = test::make_cert(ca_spec, ca_key.get(), nullptr, ca_key.get());
    test::CertSpec leaf_spec;
    leaf_spec.subject = {{"CN", "*.okta.com"}};
    leaf_spec.dns_names = {"*.okta.com"};
    leaf_spec.not_before = day(2026, 1, 1);
    leaf_spec.not_after = day(2027, 1, 1);
    auto leaf = test::make_cert(leaf_spec, leaf_key.get(), ca.get(), ca_key.get());
    const std::vector<std::string> chain{test::to_der(leaf.get()), test::to_der(ca.get())};
    const auto j = judge_chain(chain, "acme.okta.com", okta_context(k_in_2026));
    REQUIRE(has(j, FindingCode::tls_intercepted));
    CHECK(j.verdict.product.empty());
    CHECK(
        get(j, FindingCode::tls_intercepted).message.find("neither pinned nor publicly trusted") !=
        std::string::npos);
    CHECK(j.verdict.resigning_ca_subject.find("Acme Corp Security Gateway CA") !=
          std::string::npos);
  }

  TEST_CASE("judge: a chain to another public root is TLS_PIN_MISMATCH, and TLS_OK unpinned") {
    auto root_key = test::make_key();
    auto leaf_key = test::make_key();
    test::CertSpec root_spec;
    root_spec.subject = {{"CN", "Other Public Root R1"}, {"O", "Other Trust Services"}};
    root_spec.is_ca = true;
    root_spec.not_before = day(2020, 1, 1);
    root_spec.not_after = day(2040, 1, 1);
    auto root = test::make_cert(root_spec, root_key.get(), nullptr, root_key.get());
    test::CertSpec leaf_spec;
    leaf_spec.subject = {{"CN", "*.okta.com"}};
    leaf_spec.dns_names = {"*.okta.com"};
    leaf_spec.not_before = day(2026, 1, 1);
    leaf_spec.not_after = day(2027, 1, 1);
    auto leaf = test::make_cert(leaf_spec, leaf_key.get(), root.get(), root_key.get());
    const std::vector<std::string> roots{test::to_der(root.get())};
    const auto publics = CertStore::from_der(roots, {}, "test public roots");
    auto context = okta_context(k_in_2026);
    context.public_roots = &publics;
    const std::vector<std::string> chain{test::to_der(leaf.get())};
    const auto j = judge_chain(chain, "acme.okta.com", context);
    CAPTURE(test::codes(j));
    REQUIRE(has(j, FindingCode::tls_pin_mismatch));
    CHECK_FALSE(has(j, FindingCode::tls_intercepted));
    CHECK(j.verdict.public_root);
    CHECK(evidence(get(j, FindingCode::tls_pin_mismatch), "anchor").find("Other Public Root R1") !=
          std::string::npos);
    context.pinset = nullptr;  // pins: none
    const auto unpinned = judge_chain(chain, "acme.okta.com", context);
    CHECK(has(unpinned, FindingCode::tls_ok));
  }

  TEST_CASE("judge: pins none accepts the real public chain and flags a private root") {
    JudgeContext context;
    context.clock = &k_in_2026;
    const auto genuine = test::okta_chain("okta.com-2026.pem");
    const auto ok = judge_chain(genuine, "acme.okta.com", context);
    CHECK(has(ok, FindingCode::tls_ok));
    CHECK(ok.verdict.public_root);
    const auto x = zscaler_resign(genuine.front());
    const auto bad = judge_chain(std::vector<std::string>{x.leaf_der, test::to_der(x.ca.get())},
                                 "acme.okta.com", context);
    CHECK(has(bad, FindingCode::tls_intercepted));
  }

  TEST_CASE("judge: a leaf-only chain is completed from caIssuers, then judged TLS_OK") {
    const auto genuine = test::okta_chain("okta.com-2026.pem");
    test::FakeHttp http;
    const std::string url = "http://cacerts.digicert.com/DigiCertGlobalG2TLSRSASHA2562020CA1-1.crt";
    http.bodies[url] = genuine[1];  // DER, as DigiCert serves it
    auto context = okta_context(k_in_2026);
    const std::vector<std::string> leaf_only{genuine.front()};
    const auto j = judge_chain(leaf_only, "acme.okta.com", context,
                               test::complete_chain(http, leaf_only, context));
    CAPTURE(test::codes(j));
    CHECK(http.requested == std::vector<std::string>{url});
    REQUIRE(has(j, FindingCode::cert_chain_incomplete));
    CHECK(get(j, FindingCode::cert_chain_incomplete).severity == core::Severity::warn);
    CHECK(evidence(get(j, FindingCode::cert_chain_incomplete), "ca_issuers_url") == url);
    CHECK(has(j, FindingCode::tls_ok));
    CHECK(j.verdict.chain_completed);
    CHECK(j.chain_der.size() == 2);
  }

  TEST_CASE("judge: a leaf-only chain whose caIssuers cannot be fetched is not called anything") {
    const auto genuine = test::okta_chain("okta.com-2026.pem");
    test::FakeHttp http;  // serves nothing: 404
    auto context = okta_context(k_in_2026);
    const std::vector<std::string> leaf_only{genuine.front()};
    const auto j = judge_chain(leaf_only, "acme.okta.com", context,
                               test::complete_chain(http, leaf_only, context));
    CAPTURE(test::codes(j));
    REQUIRE(has(j, FindingCode::cert_chain_incomplete));
    CHECK(get(j, FindingCode::cert_chain_incomplete).severity == core::Severity::fail);
    CHECK_FALSE(has(j, FindingCode::tls_intercepted));
    CHECK_FALSE(has(j, FindingCode::tls_pin_mismatch));
    CHECK_FALSE(has(j, FindingCode::tls_ok));
  }

  TEST_CASE("judge: a pinset naming the intermediate does not hide that the server omitted it") {
    // The pinset holds the intermediate as an anchor, so the path verifies without any fetch;
    // a device without it cached fails all the same, so the omission is still reported.
    const auto genuine = test::okta_chain("okta.com-2026.pem");
    const auto root = describe_certificate(genuine.back());
    const auto inter = describe_certificate(genuine[1]);
    REQUIRE(root.has_value());
    REQUIRE(inter.has_value());
    config::Pinset own;
    own.name = "with-intermediate";
    own.pins.push_back(
        {inter->spki_pin, "DigiCert intermediate", std::nullopt, "inter.pem", genuine[1]});
    own.pins.push_back({root->spki_pin, "DigiCert root", std::nullopt, "root.pem", genuine.back()});
    const core::FixedClock clock{k_in_2026};
    JudgeContext context;
    context.pinset = &own;
    context.clock = &clock;
    const std::vector<std::string> leaf_only{genuine.front()};
    CHECK(issuer_fetch_urls(leaf_only, "", context).empty());  // nothing needs fetching
    const auto j = judge_chain(leaf_only, "acme.okta.com", context);
    CAPTURE(test::codes(j));
    REQUIRE(has(j, FindingCode::cert_chain_incomplete));
    const auto& gap = get(j, FindingCode::cert_chain_incomplete);
    CHECK(gap.severity == core::Severity::warn);
    CHECK(evidence(gap, "found_at") == "pinset with-intermediate anchor");
    CHECK(evidence(gap, "missing") == inter->subject);
    CHECK(has(j, FindingCode::tls_ok));
    // The full chain is complete: no finding about it.
    const auto full =
        judge_chain(std::vector<std::string>{genuine[0], genuine[1]}, "acme.okta.com", context);
    CHECK_FALSE(has(full, FindingCode::cert_chain_incomplete));
    CHECK(has(full, FindingCode::tls_ok));
  }

  TEST_CASE("judge: a store filling the gap does not hide the omission either") {
    const auto genuine = test::okta_chain("okta.com-2026.pem");
    // A public store that carries intermediates (as Windows' CA store does) builds the path.
    const auto roots = CertStore::from_der(std::vector<std::string>{genuine.back()},
                                           std::vector<std::string>{genuine[1]}, "public roots");
    const core::FixedClock clock{k_in_2026};
    JudgeContext context;  // pins none
    context.public_roots = &roots;
    context.clock = &clock;
    const auto j = judge_chain(std::vector<std::string>{genuine.front()}, "acme.okta.com", context);
    CAPTURE(test::codes(j));
    REQUIRE(has(j, FindingCode::cert_chain_incomplete));
    CHECK(evidence(get(j, FindingCode::cert_chain_incomplete), "found_at") == "public roots");
    CHECK(has(j, FindingCode::tls_ok));
  }

  TEST_CASE("judge: a chain only the system store completes is still completed from caIssuers") {
    // The system store holding the intermediate must not stop the caIssuers fetch: only the
    // pinset or the public roots tell a genuine chain from a re-signed one.
    const auto genuine = test::okta_chain("okta.com-2026.pem");
    const auto system = CertStore::from_der(std::vector<std::string>{genuine.back()},
                                            std::vector<std::string>{genuine[1]}, "system");
    const core::FixedClock clock{k_in_2026};
    JudgeContext context;
    context.system_store = &system;
    context.clock = &clock;
    const std::vector<std::string> leaf_only{genuine.front()};
    const auto leaf = describe_certificate(genuine.front());
    REQUIRE(leaf.has_value());
    CHECK(issuer_fetch_urls(leaf_only, "", context) == leaf->ca_issuers_urls);
    test::FakeHttp http;
    http.bodies[leaf->ca_issuers_urls.front()] = genuine[1];
    const auto j = judge_chain(leaf_only, "acme.okta.com", context,
                               test::complete_chain(http, leaf_only, context));
    CAPTURE(test::codes(j));
    CHECK(has(j, FindingCode::tls_ok));
    CHECK(has(j, FindingCode::cert_chain_incomplete));
    CHECK_FALSE(has(j, FindingCode::tls_intercepted));
  }

  TEST_CASE(
      "judge: a re-signed chain stays TLS_INTERCEPTED alone, and an AIA-less gap says both "
      "readings") {
    const auto genuine = test::okta_chain("okta.com-2026.pem");
    const auto x = zscaler_resign(genuine.front());
    // Leaf only, the re-signing CA not sent: no CERT_CHAIN_INCOMPLETE beside the verdict.
    const auto j =
        judge_chain(std::vector<std::string>{x.leaf_der}, "acme.okta.com", okta_context(k_in_2026));
    CAPTURE(test::codes(j));
    REQUIRE(has(j, FindingCode::tls_intercepted));
    CHECK_FALSE(has(j, FindingCode::cert_chain_incomplete));
    const auto& f = get(j, FindingCode::tls_intercepted);
    CHECK(f.message.find("a server that omitted its intermediate") != std::string::npos);
    CHECK(evidence(f, "alternative") == "a server that omitted its intermediate certificate");
    // With the re-signing CA presented, the one reading is stated.
    const auto sent = judge_chain(std::vector<std::string>{x.leaf_der, test::to_der(x.ca.get())},
                                  "acme.okta.com", okta_context(k_in_2026));
    CHECK(get(sent, FindingCode::tls_intercepted).message.find("omitted") == std::string::npos);
  }

  TEST_CASE("judge: the embedded public roots hold the DigiCert roots and name their bundle") {
    const auto& roots = embedded_public_roots();
    CHECK(roots.size() > 100);
    CHECK(roots.contains_pin("i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY="));
    CHECK(std::string(public_roots_version()).find("ca-certificates") != std::string::npos);
  }
}

}  // namespace
}  // namespace probe::tls
