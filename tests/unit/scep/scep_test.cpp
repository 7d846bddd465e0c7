#include "scep/scep.hpp"

#include <openssl/evp.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "support/batch_http.hpp"
#include "tls/certificate.hpp"

using namespace probe;

namespace {

template <auto Fn>
struct Free {
  template <class T>
  void operator()(T* p) const noexcept {
    Fn(p);
  }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, Free<&EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Free<&X509_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, Free<&PKCS7_free>>;

struct Issued {
  KeyPtr key;
  X509Ptr cert;
};

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  REQUIRE(ext != nullptr);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A P-256 certificate for CN=`cn`, signed by `issuer` (self-signed when null).
Issued issue(const char* cn, const Issued* issuer, bool ca, long serial) {
  Issued out{KeyPtr(EVP_EC_gen("P-256")), X509Ptr(X509_new())};
  REQUIRE(out.key);
  X509* c = out.cert.get();
  X509_set_version(c, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(c), serial);
  X509_gmtime_adj(X509_getm_notBefore(c), -3600);
  X509_gmtime_adj(X509_getm_notAfter(c), 3600L * 24 * 365);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(c), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
  X509_set_issuer_name(
      c, issuer ? X509_get_subject_name(issuer->cert.get()) : X509_get_subject_name(c));
  X509_set_pubkey(c, out.key.get());
  add_ext(c, issuer ? issuer->cert.get() : c, NID_basic_constraints,
          ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  REQUIRE(X509_sign(c, issuer ? issuer->key.get() : out.key.get(), EVP_sha256()) > 0);
  return out;
}

std::string der_of(const Issued& i) {
  unsigned char* buf = nullptr;
  const int n = i2d_X509(i.cert.get(), &buf);
  std::string out(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n));
  OPENSSL_free(buf);
  return out;
}

std::string pkcs7_of(std::initializer_list<const Issued*> certs) {
  Pkcs7Ptr p7(PKCS7_new());
  PKCS7_set_type(p7.get(), NID_pkcs7_signed);
  PKCS7_content_new(p7.get(), NID_pkcs7_data);
  for (const auto* c : certs) PKCS7_add_certificate(p7.get(), c->cert.get());
  unsigned char* buf = nullptr;
  const int n = i2d_PKCS7(p7.get(), &buf);
  std::string out(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n));
  OPENSSL_free(buf);
  return out;
}

core::CertFacts facts_of(const Issued& i) { return tls::describe_certificate(der_of(i)).value(); }

core::HttpResponse ok_response(std::string body, std::string type) {
  core::HttpResponse r;
  r.outcome.attempted = true;
  r.outcome.dns = core::DnsStatus::ok;
  r.outcome.tcp = core::TcpStatus::connected;
  r.outcome.status = 200;
  r.outcome.content_type = std::move(type);
  r.body = std::move(body);
  return r;
}

const core::SystemClock k_clock;

// Records the requests and answers each from a canned list.
class FakeHttp final : public probe::test::BatchHttpClient {
 public:
  explicit FakeHttp(std::vector<core::HttpResponse> answers) : m_answers(std::move(answers)) {}
  std::vector<core::HttpResponse> fetch(const std::vector<core::HttpRequest>& requests) override {
    m_requests = requests;
    return m_answers;
  }
  std::vector<core::HttpRequest> m_requests;

 private:
  std::vector<core::HttpResponse> m_answers;
};

struct Pki {
  Issued root = issue("Okta Device CA Root", nullptr, true, 1);
  Issued inter = issue("Okta Device CA Intermediate", &root, true, 2);
  Issued ra = issue("Okta SCEP RA", &root, false, 3);
  Issued other = issue("Some Other Root", nullptr, true, 4);
};

scep::Observation observe(const Pki& pki,
                          const std::string& caps = "SHA-256\nAES\nPOSTPKIOperation\n") {
  const auto urls = scep::scep_urls(
                        "https://acme.okta.com/pki/0123456789abcdef0123456789abcdef01234567/scep/"
                        "tok/pkiclient.exe")
                        .value();
  FakeHttp http({ok_response(caps, "text/plain"),
                 ok_response(pkcs7_of({&pki.root, &pki.ra}), "application/x-x509-ca-ra-cert")});
  auto o = scep::fetch(http, urls, 1024 * 1024, core::Millis{5000}, k_clock);
  REQUIRE(http.m_requests.size() == 2);
  CHECK_FALSE(http.m_requests[1].http_only);
  return o;
}

}  // namespace

constexpr std::size_t k_long = scep::k_max_capability_bytes + 1;

TEST_SUITE("scep") {
  TEST_CASE("scep_urls: Okta URLs with and without /pkiclient.exe get RFC 8894 operations") {
    const auto okta = "https://acme.okta.com/pki/0123456789abcdef0123456789abcdef01234567/scep/tok";
    auto plain = scep::scep_urls(okta);
    REQUIRE(plain);
    CHECK(plain->caps == std::string(okta) + "?operation=GetCACaps&message=CAIdentifier");
    CHECK(plain->ca_cert == std::string(okta) + "?operation=GetCACert&message=CAIdentifier");
    auto windows = scep::scep_urls(std::string(okta) + "/pkiclient.exe?operation=GetCACert");
    REQUIRE(windows);
    CHECK(windows->ca_cert ==
          std::string(okta) + "/pkiclient.exe?operation=GetCACert&message=CAIdentifier");
    CHECK(scep::scep_urls("ftp://x/y").error().message ==
          "ftp://x/y: not an http:// or https:// SCEP URL");
    CHECK(scep::scep_urls("http:///cgi").error().message ==
          "http:///cgi: the SCEP URL has no host");
  }

  TEST_CASE("parse_thumbprint: SHA-1 and SHA-256 with colons and spaces; other lengths fail") {
    CHECK(scep::parse_thumbprint("9a:1f 3c2b7d4e5f60718293a4b5c6d7e8f9012345")->hex ==
          "9A1F3C2B7D4E5F60718293A4B5C6D7E8F9012345");
    CHECK(scep::parse_thumbprint(std::string(64, 'a'))->is_sha256());
    CHECK(scep::parse_thumbprint("12345678910abcdefghijk1a2b3").error().message ==
          "--thumbprint: '12345678910abcdefghijk1a2b3' is not hexadecimal");
    CHECK(scep::parse_thumbprint("abcd").error().message ==
          "--thumbprint: 4 hex digits; expected 40 (SHA-1) or 64 (SHA-256)");
  }

  TEST_CASE("parse_caps: CRLF lines are trimmed and empty lines dropped") {
    CHECK(scep::parse_caps("Renewal\r\nSHA-256\r\n\r\nAES\r\n") ==
          std::vector<std::string>{"Renewal", "SHA-256", "AES"});
  }

  TEST_CASE("judge_scep: a PKCS#7 with CA and RA and no expectation names the served CA") {
    const Pki pki;
    const auto o = observe(pki);
    REQUIRE(o.certificates.size() == 2);
    const auto f = scep::judge_scep(o, {});
    REQUIRE(f.size() == 1);
    CHECK(f[0].wire() == "SCEP_OK");
    CHECK(f[0].message == "the endpoint serves the CA Okta Device CA Root");
  }

  TEST_CASE("judge_scep: the matching root as --trusted-ca is SCEP_OK") {
    const Pki pki;
    scep::Expectation e;
    e.trusted_ca = facts_of(pki.root);
    const auto f = scep::judge_scep(observe(pki), e);
    CHECK(f.back().wire() == "SCEP_OK");
  }

  TEST_CASE("judge_scep: an intermediate as --trusted-ca is SCEP_TRUSTED_CA_NOT_ROOT") {
    const Pki pki;
    scep::Expectation e;
    e.trusted_ca = facts_of(pki.inter);
    const auto f = scep::judge_scep(observe(pki), e);
    CHECK(f.back().wire() == "SCEP_TRUSTED_CA_NOT_ROOT");
    CHECK(f.back().evidence.back().first == "root to upload");
  }

  TEST_CASE("judge_scep: a different root is SCEP_CA_THUMBPRINT_MISMATCH with both thumbprints") {
    const Pki pki;
    scep::Expectation e;
    e.trusted_ca = facts_of(pki.other);
    const auto f = scep::judge_scep(observe(pki), e);
    CHECK(f.back().wire() == "SCEP_CA_THUMBPRINT_MISMATCH");
    CHECK(f.back().evidence[1].second == facts_of(pki.other).sha1_thumbprint);
    CHECK(f.back().evidence[2].second.find(facts_of(pki.root).sha1_thumbprint) == 0);
  }

  TEST_CASE("judge_scep: thumbprints match as SHA-1; a wrong SHA-256 gets the SHA-1 hint") {
    const Pki pki;
    const auto root = facts_of(pki.root);
    scep::Expectation e;
    e.thumbprint = scep::parse_thumbprint(root.sha1_thumbprint).value();
    CHECK(scep::judge_scep(observe(pki), e).back().wire() == "SCEP_OK");
    e.thumbprint = scep::parse_thumbprint(root.sha256_fingerprint).value();
    const auto ok256 = scep::judge_scep(observe(pki), e).back();
    CHECK(ok256.wire() == "SCEP_OK");
    CHECK(ok256.evidence.back().second ==
          "Windows profiles take the SHA-1 thumbprint: " + root.sha1_thumbprint);
    e.thumbprint = scep::parse_thumbprint(facts_of(pki.other).sha256_fingerprint).value();
    const auto bad = scep::judge_scep(observe(pki), e).back();
    CHECK(bad.wire() == "SCEP_CA_THUMBPRINT_MISMATCH");
    CHECK(bad.evidence.back().first == "hint");
  }

  TEST_CASE("judge_scep: the RA's thumbprint is a mismatch that names the CA to use instead") {
    const Pki pki;
    scep::Expectation e;
    e.thumbprint = scep::parse_thumbprint(facts_of(pki.ra).sha1_thumbprint).value();
    const auto f = scep::judge_scep(observe(pki), e).back();
    CHECK(f.wire() == "SCEP_CA_THUMBPRINT_MISMATCH");
    CHECK(f.message == "the expected thumbprint is the endpoint's RA, not its CA");
    CHECK(
        f.evidence.back().second ==
        "Okta SCEP RA is the RA certificate; the profile needs the CA Okta Device CA Root (SHA-1 " +
            facts_of(pki.root).sha1_thumbprint + ")");
  }

  TEST_CASE("judge_scep: caps without SHA-256 and AES warn with SCEP_CAPS_WEAK") {
    const Pki pki;
    const auto f = scep::judge_scep(observe(pki, "DES3\nSHA-1\n"), {});
    REQUIRE(f.size() == 2);
    CHECK(f[0].wire() == "SCEP_CAPS_WEAK");
    CHECK(f[0].message == "GetCACaps does not offer SHA-256 or AES");
  }

  TEST_CASE("judge_scep: unreachable and non-certificate answers are failures") {
    scep::Observation o;
    o.urls = scep::scep_urls("http://127.0.0.1:1/scep").value();
    o.ca_cert.outcome.dns = core::DnsStatus::ok;
    o.ca_cert.outcome.tcp = core::TcpStatus::refused;
    CHECK(scep::judge_scep(o, {})[0].wire() == "SCEP_UNREACHABLE");
    FakeHttp http({ok_response("x", "text/plain"), ok_response("<html>proxy</html>", "text/html")});
    const auto bad = scep::fetch(http, o.urls, 1024, core::Millis{5000}, k_clock);
    const auto f = scep::judge_scep(bad, {});
    CHECK(f[0].wire() == "SCEP_BAD_RESPONSE");
    CHECK(f[0].message == "GetCACert did not return a certificate or PKCS#7");
  }

  TEST_CASE("fetch: answers through an explicit proxy count although DNS was not run locally") {
    const Pki pki;
    auto caps = ok_response("SHA-256\nAES\n", "text/plain");
    auto cert = ok_response(der_of(pki.root), "application/x-x509-ca-cert");
    for (auto* r : {&caps, &cert}) {
      r->outcome.dns = core::DnsStatus::not_run;
      r->outcome.through_proxy = true;
    }
    FakeHttp http({caps, cert});
    const auto o = scep::fetch(http, scep::scep_urls("http://scep.example/scep").value(), 1 << 20,
                               core::Millis{5000}, k_clock);
    REQUIRE(o.certificates.size() == 1);
    CHECK(o.capabilities.size() == 2);
    CHECK(scep::judge_scep(o, {}).back().wire() == "SCEP_OK");
  }

  TEST_CASE("fetch: a single DER certificate answer is accepted") {
    const Pki pki;
    FakeHttp http({ok_response("SHA-256\nAES\n", "text/plain"),
                   ok_response(der_of(pki.root), "application/x-x509-ca-cert")});
    const auto o = scep::fetch(http, scep::scep_urls("http://127.0.0.1/scep").value(), 1 << 20,
                               core::Millis{5000}, k_clock);
    REQUIRE(o.certificates.size() == 1);
    CHECK(o.certificates[0].self_signed);
  }

  TEST_CASE("parse_caps_list: keeps RFC 8894 keywords once, counts other lines, caps the list") {
    const auto list = scep::parse_caps_list(
        "AES\r\nSHA-256\nAES\n<html><body>Access denied</body></html>\n\x1b]0;pwn\x07\n"
        "GetNextCACert\n" +
        std::string(k_long, 'A') + "\n");
    CHECK(list.keywords == std::vector<std::string>{"AES", "SHA-256", "GetNextCACert"});
    CHECK(list.ignored == 3);
    std::string many;
    for (int i = 0; i < 100; ++i) many += "Cap" + std::to_string(i) + "\n";
    const auto capped = scep::parse_caps_list(many);
    CHECK(capped.keywords.size() == scep::k_max_capabilities);
    CHECK(capped.keywords.back() == "Cap31");
    CHECK(capped.ignored == 100 - scep::k_max_capabilities);
  }

  TEST_CASE("fetch: a hostile 10 MiB GetCACaps body is reported as a bounded parsed list") {
    const Pki pki;
    // A portal page with no newline, then megabytes of distinct lines.
    std::string body = "SHA-256\nAES\n" + std::string(5 * 1024 * 1024, '<') + "\n";
    for (std::size_t i = 0; body.size() < 10 * 1024 * 1024; ++i)
      body += "X" + std::to_string(i) + "\n";
    FakeHttp http({ok_response(body, "text/plain"),
                   ok_response(der_of(pki.root), "application/x-x509-ca-cert")});
    const auto o = scep::fetch(http, scep::scep_urls("http://scep.example/scep").value(), 16 << 20,
                               core::Millis{5000}, k_clock);
    CHECK(o.capabilities.size() == scep::k_max_capabilities);
    CHECK(o.capabilities[0] == "SHA-256");
    CHECK(o.capabilities[1] == "AES");
    std::size_t kept = 0;
    for (const auto& c : o.capabilities) kept += c.size();
    CHECK(kept < scep::k_max_capabilities * scep::k_max_capability_bytes);
    CHECK(o.capabilities_ignored > 500000);
    CHECK(o.caps.body.empty());  // the raw body is not carried into the report
    std::size_t evidence = 0;
    for (const auto& f : scep::judge_scep(o, {})) {
      for (const auto& [k, v] : f.evidence) evidence += v.size();
    }
    CHECK(evidence < 4096);
  }
}
