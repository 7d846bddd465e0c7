#include "revocation/ocsp.hpp"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <chrono>
#include <utility>
#include <vector>

#include "core/narrow.hpp"
#include "core/text.hpp"
#include "lib/openssl/base64.hpp"
#include "revocation/crl.hpp"
#include "revocation/detail.hpp"

namespace probe::revocation {
namespace {

namespace ossl = lib::openssl;

// RFC 5019 §5: GET is used when the encoded request is under 255 bytes.
constexpr std::size_t k_max_get_path = 255;

std::string url_encode_base64(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '+') {
      out += "%2B";
    } else if (c == '/') {
      out += "%2F";
    } else if (c == '=') {
      out += "%3D";
    } else {
      out += c;
    }
  }
  return out;
}

DataVerdict fail(core::FindingCode code, std::string detail) {
  DataVerdict verdict;
  verdict.failure = code;
  verdict.detail = std::move(detail);
  return verdict;
}

ossl::OcspBasicPtr parse_basic(std::string_view body, DataVerdict& verdict) {
  const auto response = ossl::from_der<ossl::OcspResponsePtr, &d2i_OCSP_RESPONSE>(body, false);
  if (!response) {
    verdict = fail(core::FindingCode::revocation_bad_response,
                   detail::with_errors("the answer is not an OCSP response (" +
                                       std::to_string(body.size()) + " bytes)"));
    return ossl::OcspBasicPtr{};
  }
  const int status = OCSP_response_status(response.get());
  if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
    verdict = fail(core::FindingCode::revocation_bad_response,
                   std::string{"the responder answered "} + OCSP_response_status_str(status));
    return ossl::OcspBasicPtr{};
  }
  ossl::OcspBasicPtr basic{OCSP_response_get1_basic(response.get())};
  if (!basic) {
    verdict = fail(core::FindingCode::revocation_bad_response,
                   detail::with_errors("the OCSP response has no basic response"));
  }
  return basic;
}

// OCSP_basic_verify with the issuer as the only trusted certificate: a response signed by
// the issuer itself is found in `certs` and, with OCSP_TRUSTOTHER, needs no chain; a
// delegated responder's certificate (in the response) must chain to the issuer at `now`
// (partial chain) and carry id-kp-OCSPSigning (checked by OpenSSL's ocsp_check_issuer).
bool verify_signer(OCSP_BASICRESP* basic, X509* issuer, core::SysTime now, DataVerdict& verdict) {
  ossl::X509StorePtr store{X509_STORE_new()};
  ossl::X509StackPtr certs{sk_X509_new_null()};
  if (!store || !certs || X509_STORE_add_cert(store.get(), issuer) != 1) return false;
  ossl::X509Ptr owned = ossl::up_ref(issuer);
  if (!owned || sk_X509_push(certs.get(), owned.get()) <= 0) return false;
  (void)owned.release();  // now owned by `certs`
  X509_VERIFY_PARAM* param = X509_STORE_get0_param(store.get());
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
  X509_VERIFY_PARAM_set_time(param, std::chrono::system_clock::to_time_t(now));
  ERR_clear_error();
  if (OCSP_basic_verify(basic, certs.get(), store.get(), OCSP_TRUSTOTHER) <= 0) {
    verdict.detail = detail::with_errors(
        "the OCSP response is not signed by the issuer or a responder it delegated");
    return false;
  }
  X509* signer = nullptr;
  if (OCSP_resp_get0_signer(basic, &signer, nullptr) == 1 && signer != nullptr &&
      X509_cmp(signer, issuer) != 0) {
    verdict.signer = "delegated responder " + ossl::name_text(X509_get_subject_name(signer));
  } else {
    verdict.signer = "issuer " + ossl::name_text(X509_get_subject_name(issuer));
  }
  verdict.signature_checked = true;
  return true;
}

}  // namespace

std::optional<std::size_t> find_issuer(const core::CertFacts& cert,
                                       std::span<const core::CertFacts> pool) {
  ossl::X509Ptr subject = ossl::x509_from_der(cert.der);
  if (!subject) return std::nullopt;
  for (std::size_t i = 0; i < pool.size(); ++i) {
    if (pool[i].der == cert.der) continue;
    ossl::X509Ptr candidate = ossl::x509_from_der(pool[i].der);
    if (!candidate || X509_check_issued(candidate.get(), subject.get()) != X509_V_OK) continue;
    EVP_PKEY* key = X509_get0_pubkey(candidate.get());
    ERR_clear_error();
    if (key != nullptr && X509_verify(subject.get(), key) == 1) return i;
    ERR_clear_error();
  }
  return std::nullopt;
}

core::Result<std::string> build_ocsp_request(const core::CertFacts& cert,
                                             const core::CertFacts& issuer) {
  ossl::X509Ptr subject = ossl::x509_from_der(cert.der);
  ossl::X509Ptr issuer_cert = ossl::x509_from_der(issuer.der);
  if (!subject || !issuer_cert) {
    return core::unexpected(core::ErrorKind::internal, "ocsp request: certificate does not parse");
  }
  ERR_clear_error();
  ossl::OcspRequestPtr request{OCSP_REQUEST_new()};
  ossl::OcspCertIdPtr id{OCSP_cert_to_id(EVP_sha1(), subject.get(), issuer_cert.get())};
  if (!request || !id || OCSP_request_add0_id(request.get(), id.get()) == nullptr) {
    return core::unexpected(core::ErrorKind::internal,
                            detail::with_errors("ocsp request: cannot build the request"));
  }
  (void)id.release();  // now owned by `request`
  std::string der = ossl::to_der<&i2d_OCSP_REQUEST>(request.get());
  if (der.empty()) {
    return core::unexpected(core::ErrorKind::internal,
                            detail::with_errors("ocsp request: cannot encode the request"));
  }
  return der;
}

core::HttpRequest ocsp_http_request(std::string_view url, std::string_view request_der,
                                    std::uint64_t max_bytes) {
  core::HttpRequest request;
  request.accept = "application/ocsp-response";
  request.max_bytes = max_bytes;
  const std::string encoded = url_encode_base64(ossl::base64_encode(request_der));
  if (encoded.size() < k_max_get_path) {
    request.url = std::string{url};
    if (request.url.empty() || request.url.back() != '/') request.url += '/';
    request.url += encoded;
    return request;
  }
  request.url = std::string{url};
  request.method = "POST";
  request.content_type = "application/ocsp-request";
  request.body = std::string{request_der};
  return request;
}

DataVerdict check_ocsp_response(std::string_view body, const core::CertFacts& cert,
                                const core::CertFacts& issuer, core::SysTime now) {
  DataVerdict verdict;
  ERR_clear_error();
  ossl::OcspBasicPtr basic = parse_basic(body, verdict);
  if (!basic) return verdict;
  ossl::X509Ptr subject = ossl::x509_from_der(cert.der);
  ossl::X509Ptr issuer_cert = ossl::x509_from_der(issuer.der);
  if (!subject || !issuer_cert) {
    return fail(core::FindingCode::revocation_bad_response, "certificate does not parse");
  }
  if (!verify_signer(basic.get(), issuer_cert.get(), now, verdict)) {
    verdict.failure = core::FindingCode::revocation_signature_invalid;
    return verdict;
  }
  ossl::OcspCertIdPtr id{OCSP_cert_to_id(EVP_sha1(), subject.get(), issuer_cert.get())};
  int status = -1;
  int reason = -1;
  ASN1_GENERALIZEDTIME* revoked_at = nullptr;
  ASN1_GENERALIZEDTIME* this_update = nullptr;
  ASN1_GENERALIZEDTIME* next_update = nullptr;
  if (!id || OCSP_resp_find_status(basic.get(), id.get(), &status, &reason, &revoked_at,
                                   &this_update, &next_update) != 1) {
    verdict.failure = core::FindingCode::revocation_bad_response;
    verdict.detail = "the OCSP response does not cover the requested certificate";
    return verdict;
  }
  verdict.this_update = detail::format_time(this_update);
  verdict.next_update = detail::format_time(next_update);
  // RFC 6960 §4.2.2.1 / RFC 5019 §4: thisUpdate must not be in the future and the answer
  // is stale after nextUpdate; checked against the injected clock, not OCSP_check_validity.
  if (this_update == nullptr || ossl::to_sys_time(this_update) > now + k_clock_skew) {
    verdict.failure = core::FindingCode::revocation_stale;
    verdict.detail = "the OCSP response's thisUpdate " + verdict.this_update + " is in the future";
    return verdict;
  }
  if (next_update != nullptr && ossl::to_sys_time(next_update) < now) {
    verdict.failure = core::FindingCode::revocation_stale;
    verdict.detail = "the OCSP response expired: nextUpdate " + verdict.next_update + " is past";
    return verdict;
  }
  if (status == V_OCSP_CERTSTATUS_GOOD) {
    verdict.status = core::RevocationStatus::good;
    verdict.detail = "OCSP good, signed by " + verdict.signer;
  } else if (status == V_OCSP_CERTSTATUS_REVOKED) {
    verdict.status = core::RevocationStatus::revoked;
    verdict.detail = "OCSP revoked, signed by " + verdict.signer;
    verdict.revoked.push_back(RevokedCert{cert.subject, cert.issuer, cert.serial_hex,
                                          detail::reason_name(reason),
                                          detail::format_time(revoked_at)});
  } else {
    verdict.status = core::RevocationStatus::unknown;
    verdict.detail =
        "the responder does not know the certificate (status unknown), signed by " + verdict.signer;
  }
  return verdict;
}

}  // namespace probe::revocation
