// lib/openssl/ptr: certificate DER/PEM in and out, the one name printer, names compared as
// X509_NAME, ASN1_TIME conversion.
#include <openssl/asn1.h>

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "core/clock.hpp"
#include "lib/openssl/ptr.hpp"
#include "tls/test_pki.hpp"

namespace ossl = probe::lib::openssl;
namespace test = probe::test;

namespace {

struct Pair {
  ossl::EvpPkeyPtr key;
  ossl::X509Ptr cert;
};

Pair self_signed(std::vector<std::pair<std::string, std::string>> subject) {
  Pair out;
  out.key = test::make_key();
  test::CertSpec spec;
  spec.subject = std::move(subject);
  spec.not_before = std::chrono::sys_days{std::chrono::year{2024} / 1 / 2} + std::chrono::hours{3};
  spec.not_after = spec.not_before + std::chrono::hours{24};
  out.cert = test::make_cert(spec, out.key.get(), nullptr, out.key.get());
  return out;
}

}  // namespace

TEST_SUITE("lib") {
  TEST_CASE("to_sys_time: years past what SysTime holds clamp instead of overflowing") {
    // Found by fuzz_crl: a CRL's GeneralizedTime in the year 2701.
    ASN1_TIME* far = ASN1_TIME_new();
    REQUIRE(far != nullptr);
    REQUIRE(ASN1_TIME_set_string(far, "27010312000000Z") == 1);
    CHECK(ossl::to_sys_time(far) >= probe::core::SysTime::max() - std::chrono::seconds{1});
    CHECK(probe::core::format_utc(ossl::to_sys_time(far)) == "2262-04-11T23:47:16Z");
    REQUIRE(ASN1_TIME_set_string(far, "16010101000000Z") == 1);
    CHECK(probe::core::format_utc(ossl::to_sys_time(far)) == "1677-09-21T00:12:44Z");
    CHECK(probe::core::format_utc(probe::core::SysTime::min()) == "1677-09-21T00:12:44Z");
    REQUIRE(ASN1_TIME_set_string(far, "20260101000000Z") == 1);
    CHECK(ossl::to_sys_time(far).time_since_epoch() == std::chrono::seconds{1767225600});
    ASN1_TIME_free(far);
  }

  TEST_CASE("der_of / x509_from_der: round trip; trailing bytes or garbage give no certificate") {
    const auto p = self_signed({{"CN", "round trip"}});
    const std::string der = ossl::der_of(p.cert.get());
    REQUIRE_FALSE(der.empty());
    const auto back = ossl::x509_from_der(der);
    REQUIRE(back);
    CHECK(ossl::der_of(back.get()) == der);
    CHECK_FALSE(ossl::x509_from_der(der + "x"));
    CHECK(ossl::from_der<ossl::X509Ptr, &d2i_X509>(der + "x", false));
    CHECK_FALSE(ossl::x509_from_der("not a certificate"));
    CHECK(ossl::der_of(nullptr).empty());
  }

  TEST_CASE("pem_of: PEM text that loads back to the same DER") {
    const auto p = self_signed({{"CN", "pem"}});
    const std::string der = ossl::der_of(p.cert.get());
    const std::string pem = ossl::pem_of(der);
    CHECK(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
    CHECK(pem.ends_with("-----END CERTIFICATE-----\n"));
    const auto bio = ossl::read_only_bio(pem.data(), pem.size());
    const ossl::X509Ptr loaded{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)};
    REQUIRE(loaded);
    CHECK(ossl::der_of(loaded.get()) == der);
    CHECK(ossl::pem_of("garbage").empty());
  }

  TEST_CASE("name_text: RFC 2253 order, UTF-8 kept, bounded") {
    const auto p = self_signed({{"C", "CH"}, {"O", "Zürich, AG"}, {"CN", "a+b"}});
    CHECK(ossl::name_text(X509_get_subject_name(p.cert.get())) == "CN=a\\+b,O=Zürich\\, AG,C=CH");
    CHECK(ossl::name_text(X509_get_subject_name(p.cert.get()), 8) == "CN=a\\+b,...");
    CHECK(ossl::name_text(nullptr).empty());
  }

  TEST_CASE("names_equal: X509_NAME_cmp, not text: case and string type do not matter") {
    const auto a = self_signed({{"CN", "Example Root"}, {"O", "Example"}});
    const auto b = self_signed({{"CN", "EXAMPLE  root"}, {"O", "example"}});
    const auto c = self_signed({{"CN", "Other Root"}, {"O", "Example"}});
    CHECK(ossl::names_equal(X509_get_subject_name(a.cert.get()),
                            X509_get_subject_name(b.cert.get())));
    CHECK_FALSE(ossl::names_equal(X509_get_subject_name(a.cert.get()),
                                  X509_get_subject_name(c.cert.get())));
    CHECK_FALSE(ossl::names_equal(nullptr, X509_get_subject_name(a.cert.get())));
  }

  TEST_CASE("to_sys_time: ASN1_TIME to seconds; null is the epoch") {
    const auto p = self_signed({{"CN", "time"}});
    const auto expected =
        std::chrono::sys_days{std::chrono::year{2024} / 1 / 2} + std::chrono::hours{3};
    CHECK(ossl::to_sys_time(X509_get0_notBefore(p.cert.get())) == expected);
    CHECK(ossl::to_sys_time(nullptr) == probe::core::SysTime{});
  }

  TEST_CASE("to_der: an i2d buffer taken and freed once (SubjectPublicKeyInfo)") {
    const auto p = self_signed({{"CN", "spki"}});
    const std::string spki = ossl::to_der<&i2d_X509_PUBKEY>(X509_get_X509_PUBKEY(p.cert.get()));
    CHECK(spki.size() == 91);  // P-256 SubjectPublicKeyInfo
    CHECK(ossl::to_der<&i2d_X509_PUBKEY>(static_cast<const X509_PUBKEY*>(nullptr)).empty());
  }
}
