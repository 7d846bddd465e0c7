// Test PKI: certificates generated with the OpenSSL API at test time (no private key is ever
// committed). For the tls unit tests only.
#pragma once

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "lib/openssl/ptr.hpp"

namespace probe::test {

namespace ossl = lib::openssl;

inline ossl::EvpPkeyPtr make_key(int rsa_bits = 0) {
  if (rsa_bits > 0) return ossl::EvpPkeyPtr{EVP_RSA_gen(static_cast<unsigned>(rsa_bits))};
  return ossl::EvpPkeyPtr{EVP_EC_gen("P-256")};
}

inline std::string to_der(X509* cert) {
  unsigned char* buffer = nullptr;
  const int len = i2d_X509(cert, &buffer);
  std::string der(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(len));
  OPENSSL_free(buffer);
  return der;
}

inline ossl::X509Ptr from_der(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return ossl::X509Ptr{d2i_X509(nullptr, &p, static_cast<long>(der.size()))};
}

struct CertSpec {
  std::vector<std::pair<std::string, std::string>> subject;  // {"CN", "..."}, {"O", "..."}
  std::vector<std::string> dns_names;
  bool is_ca = false;
  core::SysTime not_before{};
  core::SysTime not_after{};
  std::string ca_issuers_url;
  const EVP_MD* digest = nullptr;  // nullptr: SHA-256 (ignored for Ed keys)
  long serial = 1;
};

inline void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

inline void set_time(ASN1_TIME* field, core::SysTime when) {
  ASN1_TIME_set(field, std::chrono::system_clock::to_time_t(when));
}

// A certificate for `key`'s public half named by `spec`, signed by `issuer_key` with
// `issuer` as issuer (nullptr: self-signed by `issuer_key`).
inline ossl::X509Ptr make_cert(const CertSpec& spec, EVP_PKEY* key, X509* issuer,
                               EVP_PKEY* issuer_key) {
  ossl::X509Ptr cert{X509_new()};
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), spec.serial);
  X509_NAME* name = X509_get_subject_name(cert.get());
  for (const auto& [field, value] : spec.subject) {
    X509_NAME_add_entry_by_txt(name, field.c_str(), MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  }
  X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name);
  set_time(X509_getm_notBefore(cert.get()), spec.not_before);
  set_time(X509_getm_notAfter(cert.get()), spec.not_after);
  X509_set_pubkey(cert.get(), key);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  add_ext(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (issuer != nullptr) add_ext(cert.get(), signer, NID_authority_key_identifier, "keyid:always");
  if (spec.is_ca) {
    add_ext(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature");
  } else {
    add_ext(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(cert.get(), signer, NID_ext_key_usage, "serverAuth");
  }
  if (!spec.dns_names.empty()) {
    std::string sans;
    for (const auto& dns : spec.dns_names) sans += (sans.empty() ? "DNS:" : ",DNS:") + dns;
    add_ext(cert.get(), signer, NID_subject_alt_name, sans);
  }
  if (!spec.ca_issuers_url.empty()) {
    add_ext(cert.get(), signer, NID_info_access, "caIssuers;URI:" + spec.ca_issuers_url);
  }
  X509_sign(cert.get(), issuer_key, spec.digest != nullptr ? spec.digest : EVP_sha256());
  return cert;
}

// `original` re-signed by `issuer`/`issuer_key` with the same subject, key, SANs and dates:
// what a TLS-inspecting proxy forges.
inline ossl::X509Ptr resign(X509* original, X509* issuer, EVP_PKEY* issuer_key) {
  ossl::X509Ptr cert{X509_dup(original)};
  X509_set_issuer_name(cert.get(), X509_get_subject_name(issuer));
  // Drop the genuine AKI (it names the real CA's key) and anything CT or AIA related.
  for (int nid : {NID_authority_key_identifier, NID_ct_precert_scts, NID_info_access,
                  NID_crl_distribution_points}) {
    const int idx = X509_get_ext_by_NID(cert.get(), nid, -1);
    if (idx >= 0) X509_EXTENSION_free(X509_delete_ext(cert.get(), idx));
  }
  add_ext(cert.get(), issuer, NID_authority_key_identifier, "keyid:always");
  X509_sign(cert.get(), issuer_key, EVP_sha256());
  return cert;
}

}  // namespace probe::test
