#include "revocation/crl.hpp"

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <string>
#include <utility>

#include "core/narrow.hpp"
#include "core/text.hpp"
#include "revocation/detail.hpp"

namespace probe::revocation {
namespace detail {

std::string format_time(const ASN1_TIME* time) {
  if (time == nullptr) return {};
  return core::format_utc(lib::openssl::to_sys_time(time));
}

std::string reason_name(int reason) {
  if (reason < 0) return "unspecified";
  return OCSP_crl_reason_str(reason);
}

std::string with_errors(std::string text) {
  const std::string errors = lib::openssl::drain_errors();
  if (errors.empty()) return text;
  return text + ": " + core::bound(errors, 512);
}

}  // namespace detail

namespace {

namespace ossl = lib::openssl;
using AsnEnumeratedPtr = lib::CPtr<ASN1_ENUMERATED, &ASN1_ENUMERATED_free>;

ossl::X509CrlPtr parse_crl(std::string_view body) {
  if (body.find("-----BEGIN X509 CRL-----") != std::string_view::npos) {
    ossl::BioPtr bio = ossl::read_only_bio(body.data(), body.size());
    if (!bio) return ossl::X509CrlPtr{};
    return ossl::X509CrlPtr{PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr)};
  }
  return ossl::from_der<ossl::X509CrlPtr, &d2i_X509_CRL>(body, false);
}

// Checks the CRL signature against every candidate whose subject is the CRL's issuer.
void check_signature(X509_CRL* crl, std::span<const core::CertFacts> issuers,
                     DataVerdict& verdict) {
  const X509_NAME* crl_issuer = X509_CRL_get_issuer(crl);
  bool candidate_seen = false;
  for (const core::CertFacts& facts : issuers) {
    ossl::X509Ptr issuer = ossl::x509_from_der(facts.der);
    if (!issuer || !ossl::names_equal(X509_get_subject_name(issuer.get()), crl_issuer)) continue;
    candidate_seen = true;
    EVP_PKEY* key = X509_get0_pubkey(issuer.get());
    ERR_clear_error();
    if (key != nullptr && X509_CRL_verify(crl, key) == 1) {
      verdict.signature_checked = true;
      verdict.signer = "issuer " + facts.subject;
      return;
    }
    ERR_clear_error();
  }
  if (candidate_seen) {
    verdict.failure = core::FindingCode::revocation_signature_invalid;
    verdict.detail = "the CRL is not signed by its issuer's key";
  }
}

void check_freshness(X509_CRL* crl, core::SysTime now, DataVerdict& verdict) {
  const ASN1_TIME* this_update = X509_CRL_get0_lastUpdate(crl);
  const ASN1_TIME* next_update = X509_CRL_get0_nextUpdate(crl);
  verdict.this_update = detail::format_time(this_update);
  verdict.next_update = detail::format_time(next_update);
  if (ossl::to_sys_time(this_update) > now + k_clock_skew) {
    verdict.failure = core::FindingCode::revocation_stale;
    verdict.detail = "the CRL's thisUpdate " + verdict.this_update + " is in the future";
  } else if (next_update != nullptr && ossl::to_sys_time(next_update) < now) {
    verdict.failure = core::FindingCode::revocation_stale;
    verdict.detail = "the CRL expired: nextUpdate " + verdict.next_update + " is past";
  }
}

void look_up_serials(X509_CRL* crl, std::span<const core::CertFacts> citing, DataVerdict& verdict) {
  for (const core::CertFacts& facts : citing) {
    ossl::X509Ptr cert = ossl::x509_from_der(facts.der);
    if (!cert || !ossl::names_equal(X509_get_issuer_name(cert.get()), X509_CRL_get_issuer(crl))) {
      continue;
    }
    X509_REVOKED* entry = nullptr;
    // Returns 1 when listed, 2 when listed as removeFromCRL (delta CRLs): only 1 is revoked.
    if (X509_CRL_get0_by_serial(crl, &entry, X509_get0_serialNumber(cert.get())) != 1 ||
        entry == nullptr) {
      continue;
    }
    int critical = 0;
    AsnEnumeratedPtr reason{static_cast<ASN1_ENUMERATED*>(
        X509_REVOKED_get_ext_d2i(entry, NID_crl_reason, &critical, nullptr))};
    const long code = reason ? ASN1_ENUMERATED_get(reason.get()) : -1;
    verdict.revoked.push_back(
        RevokedCert{facts.subject, facts.issuer, facts.serial_hex,
                    detail::reason_name(core::try_narrow<int>(code).value_or(-1)),
                    detail::format_time(X509_REVOKED_get0_revocationDate(entry))});
  }
}

}  // namespace

DataVerdict check_crl(std::string_view body, std::span<const core::CertFacts> issuers,
                      std::span<const core::CertFacts> citing, core::SysTime now) {
  DataVerdict verdict;
  ERR_clear_error();
  ossl::X509CrlPtr crl = parse_crl(body);
  if (!crl) {
    verdict.failure = core::FindingCode::revocation_bad_response;
    verdict.detail =
        detail::with_errors("the answer is not a CRL (" + std::to_string(body.size()) + " bytes)");
    return verdict;
  }
  check_signature(crl.get(), issuers, verdict);
  if (verdict.failure) return verdict;
  check_freshness(crl.get(), now, verdict);
  if (verdict.failure) return verdict;
  look_up_serials(crl.get(), citing, verdict);
  verdict.status =
      verdict.revoked.empty() ? core::RevocationStatus::good : core::RevocationStatus::revoked;
  verdict.detail = verdict.signature_checked
                       ? "CRL verified with " + verdict.signer
                       : std::string{
                             "CRL current; signature not checked: its issuer's "
                             "certificate is not available"};
  return verdict;
}

}  // namespace probe::revocation
