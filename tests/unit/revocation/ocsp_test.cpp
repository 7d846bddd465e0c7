#include "revocation/ocsp.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "revocation/test_pki.hpp"

namespace probe::revocation {
namespace {

using test::at;
using test::days;

struct Fixture {
  test::Pki pki;
  core::CertFacts leaf = test::facts_of(pki.leaf.get());
  core::CertFacts intermediate = test::facts_of(pki.intermediate.get());

  [[nodiscard]] test::OcspSpec spec(int status) const {
    test::OcspSpec s;
    s.status = status;
    s.this_update = at(-std::chrono::hours{1});
    s.next_update = at(days(7));
    return s;
  }
  [[nodiscard]] DataVerdict check(const std::string& body) const {
    return check_ocsp_response(body, leaf, intermediate, test::test_now());
  }
  [[nodiscard]] std::string signed_by_issuer(const test::OcspSpec& s) const {
    return test::make_ocsp(pki.leaf.get(), pki.intermediate.get(), pki.intermediate.get(),
                           pki.int_key.get(), s);
  }
};

}  // namespace

TEST_SUITE("revocation") {
  TEST_CASE("find_issuer: finds the certificate whose key signed the given one") {
    const test::Pki pki;
    const std::vector<core::CertFacts> pool{test::facts_of(pki.leaf.get()),
                                            test::facts_of(pki.intermediate.get()),
                                            test::facts_of(pki.root.get())};
    CHECK(find_issuer(pool[0], pool) == std::optional<std::size_t>{1});
    CHECK(find_issuer(pool[1], pool) == std::optional<std::size_t>{2});
    CHECK_FALSE(find_issuer(pool[2], pool).has_value());  // a root is not its own issuer here
    CHECK_FALSE(find_issuer(pool[0], std::vector<core::CertFacts>{pool[0], pool[2]}).has_value());
  }

  TEST_CASE("ocsp_http_request: uses GET under 255 bytes and POST above (RFC 5019)") {
    const Fixture f;
    const auto der = build_ocsp_request(f.leaf, f.intermediate);
    REQUIRE(der.has_value());
    const core::HttpRequest get = ocsp_http_request("http://ocsp.test", *der, 1000);
    CHECK(get.method == "GET");
    CHECK(get.url.rfind("http://ocsp.test/", 0) == 0);
    CHECK(get.url.find('+') == std::string::npos);
    CHECK(get.url.find('=') == std::string::npos);
    CHECK(get.accept == "application/ocsp-response");
    CHECK(get.max_bytes == 1000);
    const core::HttpRequest post = ocsp_http_request("http://ocsp.test/", std::string(300, 'x'), 1);
    CHECK(post.method == "POST");
    CHECK(post.url == "http://ocsp.test/");
    CHECK(post.content_type == "application/ocsp-request");
    CHECK(post.body == std::string(300, 'x'));
  }

  TEST_CASE("check_ocsp_response: accepts good signed by the issuer") {
    const Fixture f;
    const DataVerdict verdict = f.check(f.signed_by_issuer(f.spec(V_OCSP_CERTSTATUS_GOOD)));
    CHECK_FALSE(verdict.failure.has_value());
    CHECK(verdict.status == core::RevocationStatus::good);
    CHECK(verdict.signer == "issuer CN=Test Intermediate,O=Pinprobe Test");
    CHECK(verdict.this_update == "2026-11-23T11:00:00Z");
    CHECK(verdict.next_update == "2026-11-30T12:00:00Z");
  }

  TEST_CASE("check_ocsp_response: reports revoked with reason and date") {
    const Fixture f;
    test::OcspSpec spec = f.spec(V_OCSP_CERTSTATUS_REVOKED);
    spec.reason = OCSP_REVOKED_STATUS_SUPERSEDED;
    spec.revoked_at = at(-days(4));
    const DataVerdict verdict = f.check(f.signed_by_issuer(spec));
    CHECK(verdict.status == core::RevocationStatus::revoked);
    REQUIRE(verdict.revoked.size() == 1);
    CHECK(verdict.revoked[0].reason == "superseded");
    CHECK(verdict.revoked[0].revoked_at == "2026-11-19T12:00:00Z");
    CHECK(verdict.revoked[0].serial_hex == "1234");
  }

  TEST_CASE("check_ocsp_response: reports unknown") {
    const Fixture f;
    const DataVerdict verdict = f.check(f.signed_by_issuer(f.spec(V_OCSP_CERTSTATUS_UNKNOWN)));
    CHECK_FALSE(verdict.failure.has_value());
    CHECK(verdict.status == core::RevocationStatus::unknown);
  }

  TEST_CASE("check_ocsp_response: accepts a delegated responder with id-kp-OCSPSigning") {
    const Fixture f;
    const auto key = test::make_key();
    const auto responder =
        test::make_cert({"Test OCSP Responder", 77, false, "", "", "", true}, key.get(),
                        f.pki.intermediate.get(), f.pki.int_key.get());
    const std::string body =
        test::make_ocsp(f.pki.leaf.get(), f.pki.intermediate.get(), responder.get(), key.get(),
                        f.spec(V_OCSP_CERTSTATUS_GOOD));
    const DataVerdict verdict = f.check(body);
    CHECK_FALSE(verdict.failure.has_value());
    CHECK(verdict.status == core::RevocationStatus::good);
    CHECK(verdict.signer == "delegated responder CN=Test OCSP Responder,O=Pinprobe Test");
  }

  TEST_CASE("check_ocsp_response: rejects a responder without id-kp-OCSPSigning") {
    const Fixture f;
    const auto key = test::make_key();
    const auto responder =
        test::make_cert({"Not A Responder", 78, false, "", "", "", false}, key.get(),
                        f.pki.intermediate.get(), f.pki.int_key.get());
    const std::string body =
        test::make_ocsp(f.pki.leaf.get(), f.pki.intermediate.get(), responder.get(), key.get(),
                        f.spec(V_OCSP_CERTSTATUS_GOOD));
    const DataVerdict verdict = f.check(body);
    REQUIRE(verdict.failure.has_value());
    CHECK(*verdict.failure == core::FindingCode::revocation_signature_invalid);
    CHECK(verdict.detail.rfind(
              "the OCSP response is not signed by the issuer or a responder it delegated", 0) == 0);
  }

  TEST_CASE("check_ocsp_response: rejects a responder the issuer did not certify") {
    const Fixture f;
    const auto key = test::make_key();
    const auto rogue = test::make_cert({"Rogue Responder", 79, false, "", "", "", true}, key.get(),
                                       nullptr, nullptr);
    const std::string body =
        test::make_ocsp(f.pki.leaf.get(), f.pki.intermediate.get(), rogue.get(), key.get(),
                        f.spec(V_OCSP_CERTSTATUS_GOOD));
    const DataVerdict verdict = f.check(body);
    REQUIRE(verdict.failure.has_value());
    CHECK(*verdict.failure == core::FindingCode::revocation_signature_invalid);
  }

  TEST_CASE("check_ocsp_response: reports an answer past nextUpdate as stale") {
    const Fixture f;
    test::OcspSpec spec = f.spec(V_OCSP_CERTSTATUS_GOOD);
    spec.this_update = at(-days(9));
    spec.next_update = at(-days(2));
    const DataVerdict verdict = f.check(f.signed_by_issuer(spec));
    REQUIRE(verdict.failure.has_value());
    CHECK(*verdict.failure == core::FindingCode::revocation_stale);
    CHECK(verdict.detail == "the OCSP response expired: nextUpdate 2026-11-21T12:00:00Z is past");
  }

  TEST_CASE("check_ocsp_response: reports an answer about another certificate as bad") {
    const Fixture f;
    const auto other = f.pki.sibling(5000, "other.test");
    const std::string body =
        test::make_ocsp(other.get(), f.pki.intermediate.get(), f.pki.intermediate.get(),
                        f.pki.int_key.get(), f.spec(V_OCSP_CERTSTATUS_GOOD));
    const DataVerdict verdict = f.check(body);
    REQUIRE(verdict.failure.has_value());
    CHECK(*verdict.failure == core::FindingCode::revocation_bad_response);
    CHECK(verdict.detail == "the OCSP response does not cover the requested certificate");
  }

  TEST_CASE("check_ocsp_response: names a non-successful responseStatus") {
    const Fixture f;
    const DataVerdict verdict = f.check(test::make_ocsp_error(OCSP_RESPONSE_STATUS_TRYLATER));
    REQUIRE(verdict.failure.has_value());
    CHECK(*verdict.failure == core::FindingCode::revocation_bad_response);
    CHECK(verdict.detail == "the responder answered trylater");
  }

  TEST_CASE("check_ocsp_response: reports garbage bytes as a bad response") {
    const Fixture f;
    const DataVerdict verdict = f.check("<html>blocked</html>");
    REQUIRE(verdict.failure.has_value());
    CHECK(*verdict.failure == core::FindingCode::revocation_bad_response);
    CHECK(verdict.detail.rfind("the answer is not an OCSP response (20 bytes)", 0) == 0);
  }
}

}  // namespace probe::revocation
