// Test-only PKI for the revocation tests: keys, certificates with CDP/AIA, CRLs and OCSP
// responses generated in memory with OpenSSL, plus a recording fake core::HttpClient.
#pragma once

#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/cert_facts.hpp"
#include "core/clock.hpp"
#include "core/http.hpp"
#include "lib/openssl/ptr.hpp"
#include "support/batch_http.hpp"
#include "tls/certificate.hpp"

namespace probe::revocation::test {

namespace ossl = lib::openssl;

// 2026-11-23T12:00:00Z: "now" for every test.
inline core::SysTime test_now() {
  return core::SysTime{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23}} +
         std::chrono::hours{12};
}

inline std::time_t at(std::chrono::hours offset) {
  return std::chrono::system_clock::to_time_t(test_now() + offset);
}
constexpr std::chrono::hours days(int n) { return std::chrono::hours{24 * n}; }

inline void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string{"test pki: "} + what);
}

inline ossl::EvpPkeyPtr make_key() {
  ossl::EvpPkeyPtr key{EVP_EC_gen("P-256")};
  check(key != nullptr, "keygen");
  return key;
}

struct CertSpec {
  std::string cn;
  long serial = 1;
  bool ca = false;
  std::string crl_url;
  std::string ocsp_url;
  std::string ca_issuers_url;
  bool ocsp_signing = false;
};

inline void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  check(ext != nullptr, "extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `key`, signed by `issuer_key` (self-signed when issuer is null).
inline ossl::X509Ptr make_cert(const CertSpec& spec, EVP_PKEY* key, X509* issuer,
                               EVP_PKEY* issuer_key) {
  ossl::X509Ptr cert{X509_new()};
  check(cert != nullptr, "x509");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), spec.serial);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("Pinprobe Test"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(spec.cn.c_str()), -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  ASN1_TIME_set(X509_getm_notBefore(cert.get()), at(-days(30)));
  ASN1_TIME_set(X509_getm_notAfter(cert.get()), at(days(365)));
  X509_set_pubkey(cert.get(), key);
  add_ext(cert.get(), signer, NID_basic_constraints, spec.ca ? "critical,CA:TRUE" : "CA:FALSE");
  add_ext(cert.get(), signer, NID_key_usage,
          spec.ca ? "critical,keyCertSign,cRLSign,digitalSignature" : "digitalSignature");
  add_ext(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (issuer != nullptr) add_ext(cert.get(), signer, NID_authority_key_identifier, "keyid");
  if (!spec.crl_url.empty())
    add_ext(cert.get(), signer, NID_crl_distribution_points, "URI:" + spec.crl_url);
  std::string aia;
  if (!spec.ocsp_url.empty()) aia = "OCSP;URI:" + spec.ocsp_url;
  if (!spec.ca_issuers_url.empty()) {
    aia += (aia.empty() ? "" : ",") + std::string{"caIssuers;URI:"} + spec.ca_issuers_url;
  }
  if (!aia.empty()) add_ext(cert.get(), signer, NID_info_access, aia);
  if (spec.ocsp_signing) add_ext(cert.get(), signer, NID_ext_key_usage, "OCSPSigning");
  check(X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256()) > 0, "sign");
  return cert;
}

inline std::string der_of(X509* cert) {
  unsigned char* buffer = nullptr;
  const int len = i2d_X509(cert, &buffer);
  check(len > 0, "i2d");
  std::string out(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(len));
  OPENSSL_free(buffer);
  return out;
}

inline core::CertFacts facts_of(X509* cert) {
  auto facts = tls::describe_certificate(der_of(cert));
  check(facts.has_value(), "describe");
  return *facts;
}

struct RevokedSpec {
  long serial = 0;
  int reason = -1;  // CRLReason code, -1: no reason extension
  std::time_t when = 0;
};

// A DER CRL of `issuer`, signed with `key`.
inline std::string make_crl(X509* issuer, EVP_PKEY* key, std::time_t this_update,
                            std::time_t next_update, const std::vector<RevokedSpec>& revoked = {}) {
  ossl::X509CrlPtr crl{X509_CRL_new()};
  X509_CRL_set_version(crl.get(), 1);
  X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(issuer));
  ossl::AsnTimePtr last{ASN1_TIME_set(nullptr, this_update)};
  ossl::AsnTimePtr next{ASN1_TIME_set(nullptr, next_update)};
  X509_CRL_set1_lastUpdate(crl.get(), last.get());
  X509_CRL_set1_nextUpdate(crl.get(), next.get());
  for (const RevokedSpec& spec : revoked) {
    X509_REVOKED* entry = X509_REVOKED_new();
    ossl::AsnIntegerPtr serial{ASN1_INTEGER_new()};
    ASN1_INTEGER_set(serial.get(), spec.serial);
    X509_REVOKED_set_serialNumber(entry, serial.get());
    ossl::AsnTimePtr when{ASN1_TIME_set(nullptr, spec.when)};
    X509_REVOKED_set_revocationDate(entry, when.get());
    if (spec.reason >= 0) {
      ASN1_ENUMERATED* reason = ASN1_ENUMERATED_new();
      ASN1_ENUMERATED_set(reason, spec.reason);
      X509_REVOKED_add1_ext_i2d(entry, NID_crl_reason, reason, 0, 0);
      ASN1_ENUMERATED_free(reason);
    }
    X509_CRL_add0_revoked(crl.get(), entry);
  }
  X509_CRL_sort(crl.get());
  check(X509_CRL_sign(crl.get(), key, EVP_sha256()) > 0, "crl sign");
  unsigned char* buffer = nullptr;
  const int len = i2d_X509_CRL(crl.get(), &buffer);
  check(len > 0, "i2d crl");
  std::string out(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(len));
  OPENSSL_free(buffer);
  return out;
}

struct OcspSpec {
  int status = V_OCSP_CERTSTATUS_GOOD;
  int reason = -1;
  std::time_t revoked_at = 0;
  std::time_t this_update = 0;
  std::time_t next_update = 0;  // 0: none
};

// A DER OCSPResponse about `cert` (issued by `issuer`), signed by `signer` with `signer_key`;
// the signer's certificate is included in the response.
inline std::string make_ocsp(X509* cert, X509* issuer, X509* signer, EVP_PKEY* signer_key,
                             const OcspSpec& spec) {
  ossl::OcspBasicPtr basic{OCSP_BASICRESP_new()};
  ossl::OcspCertIdPtr id{OCSP_cert_to_id(EVP_sha1(), cert, issuer)};
  ossl::AsnTimePtr this_update{ASN1_TIME_set(nullptr, spec.this_update)};
  ossl::AsnTimePtr next_update{spec.next_update != 0 ? ASN1_TIME_set(nullptr, spec.next_update)
                                                     : nullptr};
  ossl::AsnTimePtr revoked_at{spec.revoked_at != 0 ? ASN1_TIME_set(nullptr, spec.revoked_at)
                                                   : nullptr};
  check(OCSP_basic_add1_status(basic.get(), id.get(), spec.status, spec.reason, revoked_at.get(),
                               this_update.get(), next_update.get()) != nullptr,
        "ocsp status");
  check(OCSP_basic_sign(basic.get(), signer, signer_key, EVP_sha256(), nullptr, 0) == 1,
        "ocsp sign");
  ossl::OcspResponsePtr response{
      OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get())};
  unsigned char* buffer = nullptr;
  const int len = i2d_OCSP_RESPONSE(response.get(), &buffer);
  check(len > 0, "i2d ocsp");
  std::string out(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(len));
  OPENSSL_free(buffer);
  return out;
}

// A non-successful OCSPResponse (no body), e.g. OCSP_RESPONSE_STATUS_TRYLATER.
inline std::string make_ocsp_error(int status) {
  ossl::OcspResponsePtr response{OCSP_response_create(status, nullptr)};
  unsigned char* buffer = nullptr;
  const int len = i2d_OCSP_RESPONSE(response.get(), &buffer);
  check(len > 0, "i2d ocsp error");
  std::string out(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(len));
  OPENSSL_free(buffer);
  return out;
}

inline constexpr const char* k_root_crl = "http://crl.test/root.crl";
inline constexpr const char* k_root_cert = "http://ca.test/root.crt";
inline constexpr const char* k_int_crl = "http://crl.test/int.crl";
inline constexpr const char* k_int_cert = "http://ca.test/int.crt";
inline constexpr const char* k_ocsp = "http://ocsp.test";

// root -> intermediate -> leaf, DigiCert-shaped: both leaf and intermediate carry a CDP,
// the shared OCSP URL and a caIssuers URL.
struct Pki {
  ossl::EvpPkeyPtr root_key = make_key();
  ossl::EvpPkeyPtr int_key = make_key();
  ossl::EvpPkeyPtr leaf_key = make_key();
  ossl::X509Ptr root =
      make_cert({"Test Root", 1, true, "", "", "", false}, root_key.get(), nullptr, nullptr);
  ossl::X509Ptr intermediate =
      make_cert({"Test Intermediate", 2, true, k_root_crl, k_ocsp, k_root_cert, false},
                int_key.get(), root.get(), root_key.get());
  ossl::X509Ptr leaf = make_cert({"leaf.test", 4660, false, k_int_crl, k_ocsp, k_int_cert, false},
                                 leaf_key.get(), intermediate.get(), int_key.get());

  [[nodiscard]] std::vector<core::CertFacts> chain() const {
    return {facts_of(leaf.get()), facts_of(intermediate.get())};
  }
  // Another leaf of the same intermediate (same CDP/OCSP/caIssuers URLs).
  [[nodiscard]] ossl::X509Ptr sibling(long serial, const std::string& cn) const {
    ossl::EvpPkeyPtr key = make_key();
    return make_cert({cn, serial, false, k_int_crl, k_ocsp, k_int_cert, false}, key.get(),
                     intermediate.get(), int_key.get());
  }
};

// A 200 answer with `body` and `content_type`, fetched directly.
inline core::HttpResponse ok_response(std::string body, std::string content_type) {
  core::HttpResponse response;
  response.outcome.attempted = true;
  response.outcome.dns = core::DnsStatus::ok;
  response.outcome.tcp = core::TcpStatus::connected;
  response.outcome.address = "192.0.2.80";
  response.outcome.status = 200;
  response.outcome.content_type = std::move(content_type);
  response.outcome.server = "nginx";
  response.outcome.size = body.size();
  response.outcome.elapsed = core::Millis{12};
  response.body = std::move(body);
  return response;
}

// A recording fake: answers every request with `handler` and keeps what was asked.
class FakeHttp final : public probe::test::BatchHttpClient {
 public:
  using Handler = std::function<core::HttpResponse(const core::HttpRequest&)>;
  explicit FakeHttp(Handler handler) : m_handler(std::move(handler)) {}

  std::vector<core::HttpResponse> fetch(const std::vector<core::HttpRequest>& requests) override {
    ++m_calls;
    std::vector<core::HttpResponse> out;
    for (const core::HttpRequest& request : requests) {
      m_requests.push_back(request);
      out.push_back(m_handler(request));
    }
    return out;
  }
  [[nodiscard]] int calls() const { return m_calls; }
  [[nodiscard]] const std::vector<core::HttpRequest>& requests() const { return m_requests; }
  [[nodiscard]] int count(const std::string& url_prefix) const {
    int n = 0;
    for (const core::HttpRequest& r : m_requests) n += r.url.rfind(url_prefix, 0) == 0 ? 1 : 0;
    return n;
  }

 private:
  Handler m_handler;
  int m_calls = 0;
  std::vector<core::HttpRequest> m_requests;
};

}  // namespace probe::revocation::test
