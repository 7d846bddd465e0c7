#include "revocation/crl.hpp"

#include <openssl/pem.h>

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "revocation/test_pki.hpp"

namespace probe::revocation {
namespace {

using test::at;
using test::days;

std::string to_pem(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  lib::openssl::X509CrlPtr crl{d2i_X509_CRL(nullptr, &p, static_cast<long>(der.size()))};
  lib::openssl::BioPtr bio{BIO_new(BIO_s_mem())};
  PEM_write_bio_X509_CRL(bio.get(), crl.get());
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return "junk before\n" + std::string(data, static_cast<std::size_t>(len));
}

}  // namespace

TEST_SUITE("revocation") {
  TEST_CASE("check_crl: accepts a current CRL signed by the issuer that lists nothing presented") {
    const test::Pki pki;
    const auto chain = pki.chain();
    const std::string crl = test::make_crl(pki.intermediate.get(), pki.int_key.get(), at(-days(1)),
                                           at(days(6)), {{999, 1, at(-days(2))}});
    const DataVerdict verdict = check_crl(crl, chain, chain, test::test_now());
    CHECK_FALSE(verdict.failure.has_value());
    CHECK(verdict.status == core::RevocationStatus::good);
    CHECK(verdict.signature_checked);
    CHECK(verdict.signer == "issuer CN=Test Intermediate,O=Pinprobe Test");
    CHECK(verdict.this_update == "2026-11-22T12:00:00Z");
    CHECK(verdict.next_update == "2026-11-29T12:00:00Z");
    CHECK(verdict.detail == "CRL verified with issuer CN=Test Intermediate,O=Pinprobe Test");
  }

  TEST_CASE("check_crl: reports the presented leaf as revoked with reason and date") {
    const test::Pki pki;
    const auto chain = pki.chain();
    const std::string crl =
        test::make_crl(pki.intermediate.get(), pki.int_key.get(), at(-days(1)), at(days(6)),
                       {{4660, 1, at(-days(3))}});  // 1 = keyCompromise
    const DataVerdict verdict = check_crl(crl, chain, chain, test::test_now());
    CHECK(verdict.status == core::RevocationStatus::revoked);
    REQUIRE(verdict.revoked.size() == 1);
    CHECK(verdict.revoked[0].subject == "CN=leaf.test,O=Pinprobe Test");
    CHECK(verdict.revoked[0].serial_hex == "1234");
    CHECK(verdict.revoked[0].reason == "keyCompromise");
    CHECK(verdict.revoked[0].revoked_at == "2026-11-20T12:00:00Z");
  }

  TEST_CASE("check_crl: names a revocation without a reason extension unspecified") {
    const test::Pki pki;
    const auto chain = pki.chain();
    const std::string crl = test::make_crl(pki.intermediate.get(), pki.int_key.get(), at(-days(1)),
                                           at(days(6)), {{4660, -1, at(-days(3))}});
    const DataVerdict verdict = check_crl(crl, chain, chain, test::test_now());
    REQUIRE(verdict.revoked.size() == 1);
    CHECK(verdict.revoked[0].reason == "unspecified");
  }

  TEST_CASE("check_crl: reports a CRL past its nextUpdate as stale") {
    const test::Pki pki;
    const auto chain = pki.chain();
    const std::string crl =
        test::make_crl(pki.intermediate.get(), pki.int_key.get(), at(-days(10)), at(-days(3)));
    const DataVerdict verdict = check_crl(crl, chain, chain, test::test_now());
    REQUIRE(verdict.failure.has_value());
    CHECK(*verdict.failure == core::FindingCode::revocation_stale);
    CHECK(verdict.status == core::RevocationStatus::error);
    CHECK(verdict.detail == "the CRL expired: nextUpdate 2026-11-20T12:00:00Z is past");
  }

  TEST_CASE("check_crl: reports a CRL issued in the future as stale") {
    const test::Pki pki;
    const auto chain = pki.chain();
    const std::string crl =
        test::make_crl(pki.intermediate.get(), pki.int_key.get(), at(days(2)), at(days(9)));
    const DataVerdict verdict = check_crl(crl, chain, chain, test::test_now());
    REQUIRE(verdict.failure.has_value());
    CHECK(*verdict.failure == core::FindingCode::revocation_stale);
    CHECK(verdict.detail == "the CRL's thisUpdate 2026-11-25T12:00:00Z is in the future");
  }

  TEST_CASE("check_crl: reports a CRL signed by another key as signature invalid") {
    const test::Pki pki;
    const auto chain = pki.chain();
    const auto rogue = test::make_key();
    const std::string crl =
        test::make_crl(pki.intermediate.get(), rogue.get(), at(-days(1)), at(days(6)));
    const DataVerdict verdict = check_crl(crl, chain, chain, test::test_now());
    REQUIRE(verdict.failure.has_value());
    CHECK(*verdict.failure == core::FindingCode::revocation_signature_invalid);
    CHECK(verdict.detail == "the CRL is not signed by its issuer's key");
  }

  TEST_CASE("check_crl: reports garbage bytes as a bad response") {
    const test::Pki pki;
    const auto chain = pki.chain();
    const DataVerdict verdict =
        check_crl("<html><body>Access denied</body></html>", chain, chain, test::test_now());
    REQUIRE(verdict.failure.has_value());
    CHECK(*verdict.failure == core::FindingCode::revocation_bad_response);
    CHECK(verdict.detail.rfind("the answer is not a CRL (39 bytes)", 0) == 0);
    const DataVerdict empty = check_crl("", chain, chain, test::test_now());
    CHECK(empty.detail.rfind("the answer is not a CRL (0 bytes)", 0) == 0);
  }

  TEST_CASE("check_crl: tolerates a PEM CRL") {
    const test::Pki pki;
    const auto chain = pki.chain();
    const std::string crl = test::make_crl(pki.intermediate.get(), pki.int_key.get(), at(-days(1)),
                                           at(days(6)), {{4660, 5, at(-days(1))}});
    const DataVerdict verdict = check_crl(to_pem(crl), chain, chain, test::test_now());
    CHECK(verdict.status == core::RevocationStatus::revoked);
    REQUIRE(verdict.revoked.size() == 1);
    CHECK(verdict.revoked[0].reason == "cessationOfOperation");
  }

  TEST_CASE("check_crl: leaves the signature unchecked when the issuer is not available") {
    const test::Pki pki;
    const auto chain = pki.chain();
    // The root's CRL, with only the leaf and intermediate presented.
    const std::string crl =
        test::make_crl(pki.root.get(), pki.root_key.get(), at(-days(1)), at(days(30)));
    const DataVerdict verdict = check_crl(crl, chain, chain, test::test_now());
    CHECK_FALSE(verdict.failure.has_value());
    CHECK_FALSE(verdict.signature_checked);
    CHECK(verdict.status == core::RevocationStatus::good);
    CHECK(verdict.detail ==
          "CRL current; signature not checked: its issuer's certificate is not available");
  }
}

}  // namespace probe::revocation
