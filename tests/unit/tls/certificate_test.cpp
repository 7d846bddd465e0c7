// Loading and describing certificates on Okta's real published chains (tests/fixtures/okta-pki):
// PEM, DER, PKCS#7 (DER and PEM), bare base64, and junk with exact error messages.
#include "tls/certificate.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "config/file_source.hpp"
#include "core/clock.hpp"
#include "core/embedded.hpp"
#include "lib/openssl/ptr.hpp"

using probe::core::ErrorKind;
using probe::tls::describe_certificate;
using probe::tls::load_certificates;

namespace {

namespace ossl = probe::lib::openssl;

const std::string k_okta_2026 = std::string(PROBE_OKTA_PKI_DIR) + "/okta.com-2026.pem";

// Facts computed once by hand with `openssl x509 -noout -fingerprint -sha1|-sha256 -serial`
// and `openssl x509 -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary |
// base64` on okta.com-2026.pem (okta/okta-pki commit 022100c).
constexpr std::string_view k_leaf_pin = "rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCOg=";
constexpr std::string_view k_leaf_sha1 = "D5BC298984C44609399B894B7645DE6DBE2642AC";
constexpr std::string_view k_leaf_sha256 =
    "1FF3BEAE958BBA7FD5D27AC18348821254 16A7C918806FEE14696B08AF2B4DDD";
constexpr std::string_view k_leaf_serial = "09CFBACFC5093DE97EC9672A157C540B";
constexpr std::string_view k_intermediate_pin = "Wec45nQiFwKvHtuHxSAMGkt19k+uPSw9JlEkxhvYPHk=";
constexpr std::string_view k_intermediate_sha1 = "1B511ABEAD59C6CE207077C0BF0E0043B1382612";
constexpr std::string_view k_root_pin = "i7WTqTvh0OioIruIfFR4kMPnBqrS2rdiVPl/s2uC/CY=";
constexpr std::string_view k_root_sha1 = "DF3C24F9BFD666761B268073FE06D1CC8D4F82A4";
constexpr std::string_view k_root_sha256 =
    "CB3CCBB76031E5E0138F8DD39A23F9DE47FFC35E43C1144CEA27D46A5AB1CB5F";

std::string without_spaces(std::string_view text) {
  std::string out(text);
  out.erase(std::remove(out.begin(), out.end(), ' '), out.end());
  return out;
}

std::string okta_pem() {
  auto bytes = probe::config::read_file(k_okta_2026);
  REQUIRE_MESSAGE(bytes.has_value(), (bytes ? "" : bytes.error().message));
  return std::move(*bytes);
}

std::vector<std::string> okta_chain() {
  auto certs = load_certificates(okta_pem(), "okta.com-2026.pem");
  REQUIRE_MESSAGE(certs.has_value(), (certs ? "" : certs.error().message));
  REQUIRE(certs->size() == 3);
  return std::move(*certs);
}

ossl::X509Ptr x509_of(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ossl::X509Ptr cert{d2i_X509(nullptr, &p, static_cast<long>(der.size()))};
  REQUIRE(cert != nullptr);
  return cert;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}

// A degenerate "certs-only" PKCS#7 SignedData holding `ders`, as DER (or PEM).
std::string pkcs7_of(const std::vector<std::string>& ders, bool pem) {
  ossl::Pkcs7Ptr p7{PKCS7_new()};
  REQUIRE(p7 != nullptr);
  REQUIRE(PKCS7_set_type(p7.get(), NID_pkcs7_signed) == 1);
  REQUIRE(PKCS7_content_new(p7.get(), NID_pkcs7_data) == 1);
  for (const auto& der : ders) {
    auto cert = x509_of(der);
    REQUIRE(PKCS7_add_certificate(p7.get(), cert.get()) == 1);  // takes its own reference
  }
  if (pem) {
    ossl::BioPtr bio{BIO_new(BIO_s_mem())};
    REQUIRE(PEM_write_bio_PKCS7(bio.get(), p7.get()) == 1);
    return bio_text(bio.get());
  }
  unsigned char* out = nullptr;
  const int len = i2d_PKCS7(p7.get(), &out);
  REQUIRE(len > 0);
  std::string der(reinterpret_cast<const char*>(out), static_cast<std::size_t>(len));
  OPENSSL_free(out);
  return der;
}

// Base64 of `bytes` in 64-column lines.
std::string base64_lines(const std::string& bytes) {
  ossl::BioPtr b64{BIO_new(BIO_f_base64())};
  BIO* mem = BIO_new(BIO_s_mem());
  BIO_push(b64.get(), mem);
  REQUIRE(BIO_write(b64.get(), bytes.data(), static_cast<int>(bytes.size())) ==
          static_cast<int>(bytes.size()));
  REQUIRE(BIO_flush(b64.get()) == 1);
  return bio_text(mem);
}

std::string load_error(std::string_view bytes, std::string_view source) {
  auto r = load_certificates(bytes, source);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == ErrorKind::config);
  return r.error().message;
}

}  // namespace

TEST_SUITE("tls") {
  TEST_CASE("certificate: okta.com-2026.pem loads three certificates, leaf first") {
    const auto chain = okta_chain();
    for (const auto& der : chain) CHECK(static_cast<unsigned char>(der[0]) == 0x30);
    auto leaf = describe_certificate(chain[0]);
    auto root = describe_certificate(chain[2]);
    REQUIRE(leaf.has_value());
    REQUIRE(root.has_value());
    CHECK(leaf->common_name == "*.okta.com");
    CHECK(root->common_name == "DigiCert Global Root G2");
  }

  TEST_CASE("certificate: the leaf's facts match openssl's") {
    auto leaf = describe_certificate(okta_chain()[0]);
    REQUIRE(leaf.has_value());
    CHECK(leaf->spki_pin == k_leaf_pin);
    CHECK(leaf->sha1_thumbprint == k_leaf_sha1);
    CHECK(leaf->sha256_fingerprint == without_spaces(k_leaf_sha256));
    CHECK(leaf->serial_hex == k_leaf_serial);
    CHECK(leaf->subject == "CN=*.okta.com,O=Okta\\, Inc.,L=San Francisco,ST=California,C=US");
    CHECK(leaf->issuer == "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1,O=DigiCert Inc,C=US");
    CHECK(probe::core::format_utc(leaf->not_before) == "2025-12-15T00:00:00Z");
    CHECK(probe::core::format_utc(leaf->not_after) == "2027-01-15T23:59:59Z");
    CHECK(leaf->dns_names == std::vector<std::string>{"*.okta.com", "okta.com"});
    CHECK(leaf->ip_addresses.empty());
    CHECK(leaf->key_type == "RSA");
    CHECK(leaf->key_bits == 2048);
    CHECK(leaf->curve.empty());
    CHECK(leaf->signature_algorithm == "sha256WithRSAEncryption");
    CHECK_FALSE(leaf->is_ca);
    CHECK_FALSE(leaf->self_signed);
    CHECK(leaf->sct_count == 3);
  }

  TEST_CASE("certificate: the leaf's CRL, OCSP and caIssuers URLs are read in order") {
    auto leaf = describe_certificate(okta_chain()[0]);
    REQUIRE(leaf.has_value());
    CHECK(leaf->crl_urls ==
          std::vector<std::string>{
              "http://crl3.digicert.com/DigiCertGlobalG2TLSRSASHA2562020CA1-1.crl",
              "http://crl4.digicert.com/DigiCertGlobalG2TLSRSASHA2562020CA1-1.crl"});
    CHECK(leaf->ocsp_urls == std::vector<std::string>{"http://ocsp.digicert.com"});
    CHECK(leaf->ca_issuers_urls ==
          std::vector<std::string>{
              "http://cacerts.digicert.com/DigiCertGlobalG2TLSRSASHA2562020CA1-1.crt"});
  }

  TEST_CASE("certificate: the intermediate and root facts match openssl's") {
    const auto chain = okta_chain();
    auto intermediate = describe_certificate(chain[1]);
    REQUIRE(intermediate.has_value());
    CHECK(intermediate->spki_pin == k_intermediate_pin);
    CHECK(intermediate->sha1_thumbprint == k_intermediate_sha1);
    CHECK(intermediate->is_ca);
    CHECK_FALSE(intermediate->self_signed);
    CHECK(intermediate->sct_count == 0);
    CHECK(intermediate->crl_urls ==
          std::vector<std::string>{"http://crl3.digicert.com/DigiCertGlobalRootG2.crl"});
    CHECK(intermediate->ca_issuers_urls ==
          std::vector<std::string>{"http://cacerts.digicert.com/DigiCertGlobalRootG2.crt"});

    auto root = describe_certificate(chain[2]);
    REQUIRE(root.has_value());
    CHECK(root->spki_pin == k_root_pin);
    CHECK(root->sha1_thumbprint == k_root_sha1);
    CHECK(root->sha256_fingerprint == k_root_sha256);
    CHECK(root->serial_hex == "033AF1E6A711A9A0BB2864B11D09FAE5");
    CHECK(root->is_ca);
    CHECK(root->self_signed);
    CHECK(root->subject == root->issuer);
    CHECK(probe::core::format_utc(root->not_after) == "2038-01-15T12:00:00Z");
  }

  TEST_CASE("certificate: thumbprints are upper-case hex with no separators") {
    for (const auto& der : okta_chain()) {
      auto facts = describe_certificate(der);
      REQUIRE(facts.has_value());
      CHECK(facts->sha1_thumbprint.size() == 40);
      CHECK(facts->sha256_fingerprint.size() == 64);
      for (const auto* hex : {&facts->sha1_thumbprint, &facts->sha256_fingerprint}) {
        CHECK(std::all_of(hex->begin(), hex->end(), [](char ch) {
          return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'F');
        }));
      }
      CHECK(facts->der == der);
    }
  }

  TEST_CASE("certificate: spki_pin_of agrees with describe and with the embedded G2 anchor") {
    const auto chain = okta_chain();
    auto pin = probe::tls::spki_pin_of(chain[0]);
    REQUIRE(pin.has_value());
    CHECK(*pin == k_leaf_pin);
    const auto anchor = probe::core::embedded_file("pins/certs/DigiCert_Global_Root_G2.pem");
    REQUIRE(anchor.has_value());
    auto anchor_certs = load_certificates(*anchor, "g2.pem");
    REQUIRE(anchor_certs.has_value());
    REQUIRE(anchor_certs->size() == 1);
    CHECK(*probe::tls::spki_pin_of(anchor_certs->front()) == k_root_pin);
    CHECK(*probe::tls::spki_pin_of(chain[2]) == k_root_pin);
  }

  TEST_CASE("certificate: a DER certificate loads as itself") {
    const auto chain = okta_chain();
    auto r = load_certificates(chain[0], "leaf.cer");
    REQUIRE(r.has_value());
    REQUIRE(r->size() == 1);
    CHECK(r->front() == chain[0]);
  }

  TEST_CASE("certificate: a DER PKCS#7 bundle yields every certificate in order") {
    const auto chain = okta_chain();
    auto r = load_certificates(pkcs7_of(chain, false), "chain.p7b");
    REQUIRE(r.has_value());
    CHECK(*r == chain);
  }

  TEST_CASE("certificate: a PEM PKCS7 block yields every certificate in order") {
    const auto chain = okta_chain();
    const auto pem = pkcs7_of(chain, true);
    CHECK(pem.starts_with("-----BEGIN PKCS7-----"));
    auto r = load_certificates(pem, "chain.p7c");
    REQUIRE(r.has_value());
    CHECK(*r == chain);
  }

  TEST_CASE("certificate: bare base64 of a DER certificate or bundle is accepted") {
    const auto chain = okta_chain();
    auto one = load_certificates(base64_lines(chain[1]), "pasted.txt");
    REQUIRE(one.has_value());
    REQUIRE(one->size() == 1);
    CHECK(one->front() == chain[1]);
    auto bundle = load_certificates(base64_lines(pkcs7_of(chain, false)), "pasted-p7.txt");
    REQUIRE(bundle.has_value());
    CHECK(*bundle == chain);
  }

  TEST_CASE("certificate: a TRUSTED CERTIFICATE block loads the certificate without trust") {
    const auto chain = okta_chain();
    auto root = x509_of(chain[2]);
    ossl::BioPtr bio{BIO_new(BIO_s_mem())};
    REQUIRE(PEM_write_bio_X509_AUX(bio.get(), root.get()) == 1);
    const auto pem = bio_text(bio.get());
    CHECK(pem.starts_with("-----BEGIN TRUSTED CERTIFICATE-----"));
    auto r = load_certificates(pem, "trusted.pem");
    REQUIRE(r.has_value());
    REQUIRE(r->size() == 1);
    CHECK(r->front() == chain[2]);
  }

  TEST_CASE("certificate: text and other PEM blocks around certificates are skipped") {
    const auto pem = okta_pem();
    const auto mixed =
        "Subject: *.okta.com\r\nsome notes\n"
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" +
        pem + "\ntrailing words\n";
    auto r = load_certificates(mixed, "mixed.pem");
    REQUIRE(r.has_value());
    CHECK(r->size() == 3);
    // okta-pki's files have CRLF line ends (as Windows exports them); LF-only reads the same.
    CHECK(pem.find("\r\n") != std::string::npos);
    std::string lf = pem;
    lf.erase(std::remove(lf.begin(), lf.end(), '\r'), lf.end());
    auto unix_ends = load_certificates(lf, "lf.pem");
    REQUIRE(unix_ends.has_value());
    CHECK(*unix_ends == okta_chain());
  }

  TEST_CASE("certificate: an empty file is refused") {
    CHECK(load_error("", "empty.pem") == "empty.pem: file is empty");
  }

  TEST_CASE("certificate: random bytes are refused naming the accepted forms") {
    std::string junk;
    for (int i = 0; i < 512; ++i) junk += static_cast<char>((i * 151 + 7) % 256);
    CHECK(load_error(junk, "junk.bin") ==
          "junk.bin: not a certificate (expected PEM, DER, PKCS#7 or base64 DER)");
    CHECK(load_error("hello world\n", "note.txt") ==
          "note.txt: not a certificate (expected PEM, DER, PKCS#7 or base64 DER)");
    CHECK(load_error("QUJDRA==", "b64.txt") ==
          "b64.txt: not a certificate (expected PEM, DER, PKCS#7 or base64 DER)");
  }

  TEST_CASE("certificate: DER with trailing bytes or cut short is refused") {
    const auto chain = okta_chain();
    CHECK(load_error(chain[0] + "xx", "long.cer") ==
          "long.cer: not a certificate (expected PEM, DER, PKCS#7 or base64 DER)");
    CHECK(load_error(chain[0].substr(0, chain[0].size() / 2), "short.cer") ==
          "short.cer: not a certificate (expected PEM, DER, PKCS#7 or base64 DER)");
  }

  TEST_CASE("certificate: a damaged PEM block is refused with its line") {
    auto pem = okta_pem();
    // Line 2 of the file is the first base64 line of the leaf: put a character base64 lacks.
    const auto second_line = pem.find('\n') + 1;
    pem[second_line + 10] = '!';
    CHECK(load_error(pem, "bad.pem") == "bad.pem:1: PEM block 'CERTIFICATE' is not valid base64");

    const std::string not_a_cert =
        "# header\n-----BEGIN CERTIFICATE-----\nQUJDRA==\n-----END CERTIFICATE-----\n";
    CHECK(load_error(not_a_cert, "abcd.pem") ==
          "abcd.pem:2: PEM block is not a valid X.509 certificate");

    const std::string bad_p7 = "-----BEGIN PKCS7-----\nQUJDRA==\n-----END PKCS7-----\n";
    CHECK(load_error(bad_p7, "bad.p7c") ==
          "bad.p7c:1: PEM block is not a PKCS#7 certificate bundle");
  }

  TEST_CASE("certificate: a PEM block without END, or END without BEGIN, is refused") {
    const auto pem = okta_pem();
    const auto first_end = pem.find("-----END CERTIFICATE-----");
    CHECK(load_error(pem.substr(0, first_end), "cut.pem") ==
          "cut.pem:1: PEM block 'CERTIFICATE' has no END line");
    const auto first_block = pem.substr(0, first_end) + "-----END CERTIFICATE-----\n";
    CHECK(load_error(first_block + "-----END CERTIFICATE-----\n", "end.pem") ==
          "end.pem:40: END without BEGIN");
    CHECK(load_error("-----BEGIN CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\n", "two.pem") ==
          "two.pem:2: BEGIN inside an open PEM block");
  }

  TEST_CASE("certificate: PEM data with no certificate block is refused") {
    CHECK(load_error("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "key.pem") ==
          "key.pem: no certificate found in PEM data");
  }

  TEST_CASE("certificate: a PKCS#7 bundle without certificates is refused") {
    CHECK(load_error(pkcs7_of({}, false), "empty.p7b") ==
          "empty.p7b: PKCS#7 bundle holds no certificate");
  }

  TEST_CASE("certificate: describe and spki_pin_of refuse bytes that are not a certificate") {
    auto facts = describe_certificate("not DER");
    REQUIRE_FALSE(facts.has_value());
    CHECK(facts.error().kind == ErrorKind::config);
    CHECK(facts.error().message.starts_with("not a DER certificate"));
    auto pin = probe::tls::spki_pin_of("");
    REQUIRE_FALSE(pin.has_value());
    CHECK(pin.error().message == "not a DER certificate");
  }

  TEST_CASE("certificate: is_sha256_base64 accepts exactly base64 of 32 bytes") {
    using probe::tls::is_sha256_base64;
    CHECK(is_sha256_base64(k_leaf_pin));
    CHECK(is_sha256_base64(k_root_pin));
    CHECK_FALSE(is_sha256_base64(""));
    CHECK_FALSE(is_sha256_base64("abc"));
    CHECK_FALSE(is_sha256_base64("rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCOg"));    // no padding
    CHECK_FALSE(is_sha256_base64("rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCOg=="));  // 45 chars
    CHECK_FALSE(is_sha256_base64("rrV6CLCCvqnk89gWibYT0JO6fNQ8cCit7GGoiVTjCO-="));   // base64url
    CHECK_FALSE(is_sha256_base64("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));   // 33 bytes
  }

  TEST_CASE("certificate: describing the same DER again gives its own facts, never another's") {
    // describe_certificate keeps each description by DER: interleaved calls on three
    // certificates must each return the facts of the bytes asked about.
    const auto chain = okta_chain();
    for (int round = 0; round < 3; ++round) {
      for (const auto& der : chain) {
        auto facts = describe_certificate(der);
        REQUIRE(facts.has_value());
        CHECK(facts->der == der);
        CHECK(facts->spki_pin == probe::tls::spki_pin_of(der).value());
      }
    }
    CHECK(describe_certificate(chain[0])->sha1_thumbprint == k_leaf_sha1);
    CHECK(describe_certificate(chain[1])->sha1_thumbprint == k_intermediate_sha1);
    CHECK(describe_certificate(chain[2])->sha1_thumbprint == k_root_sha1);
    // A prefix of a certificate is no certificate, before and after the whole was described.
    const std::string cut = chain[0].substr(0, chain[0].size() - 1);
    CHECK_FALSE(describe_certificate(cut).has_value());
    CHECK_FALSE(describe_certificate(chain[0] + '\0').has_value());
  }

  TEST_CASE("certificate: x509_from_der parses a DER once and shares the parsed certificate") {
    const auto chain = okta_chain();
    auto first = ossl::x509_from_der(chain[1]);
    auto second = ossl::x509_from_der(std::string(chain[1]));  // equal bytes, another buffer
    REQUIRE(first != nullptr);
    CHECK(first.get() == second.get());
    auto other = ossl::x509_from_der(chain[2]);
    REQUIRE(other != nullptr);
    CHECK(other.get() != first.get());
    // Each owner holds its own reference: the certificate outlives the first owner.
    first.reset();
    CHECK(ossl::der_of(second.get()) == chain[1]);
    // Trailing bytes or a cut encoding are refused, however often asked.
    for (int round = 0; round < 2; ++round) {
      CHECK(ossl::x509_from_der(chain[1] + "x") == nullptr);
      CHECK(ossl::x509_from_der(std::string_view(chain[1]).substr(0, 100)) == nullptr);
      CHECK(ossl::x509_from_der("") == nullptr);
    }
  }
}

#include "tls/test_pki.hpp"

TEST_SUITE("tls") {
  TEST_CASE("names_issuer_of: the issuer's subject and the child's issuer compared as X509_NAME") {
    namespace t = probe::test;
    const auto root_key = t::make_key();
    t::CertSpec root_spec;
    root_spec.subject = {{"O", "Example"}, {"CN", "Example Root"}};
    root_spec.is_ca = true;
    const auto root = t::make_cert(root_spec, root_key.get(), nullptr, root_key.get());
    // The same name spelt in other case and spacing: X509_NAME_cmp's canonical form matches.
    t::CertSpec twin_spec = root_spec;
    twin_spec.subject = {{"O", "EXAMPLE"}, {"CN", "example  root"}};
    const auto twin = t::make_cert(twin_spec, root_key.get(), nullptr, root_key.get());
    const auto leaf_key = t::make_key();
    t::CertSpec leaf_spec;
    leaf_spec.subject = {{"CN", "leaf.example"}};
    const auto leaf = t::make_cert(leaf_spec, leaf_key.get(), root.get(), root_key.get());
    CHECK(probe::tls::names_issuer_of(t::to_der(root.get()), t::to_der(leaf.get())));
    CHECK(probe::tls::names_issuer_of(t::to_der(twin.get()), t::to_der(leaf.get())));
    CHECK_FALSE(probe::tls::names_issuer_of(t::to_der(leaf.get()), t::to_der(root.get())));
    CHECK_FALSE(probe::tls::names_issuer_of("junk", t::to_der(leaf.get())));
  }
}
