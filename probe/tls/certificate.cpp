#include "tls/certificate.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "core/narrow.hpp"
#include "core/string_hash.hpp"
#include "core/text.hpp"
#include "lib/openssl/base64.hpp"
#include "lib/openssl/ptr.hpp"

namespace probe::tls {
namespace {

namespace ossl = lib::openssl;
using core::ErrorKind;
using core::unexpected;

std::string hex_upper(const unsigned char* data, std::size_t size) {
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) out += fmt::format("{:02X}", data[i]);
  return out;
}

using ossl::base64_decode;

// Certificates of a DER PKCS#7 SignedData (degenerate certs-only or signed).
std::optional<std::vector<std::string>> pkcs7_certs(std::string_view der) {
  const auto p7 = ossl::from_der<ossl::Pkcs7Ptr, &d2i_PKCS7>(der, false);
  if (!p7 || PKCS7_type_is_signed(p7.get()) == 0 || p7->d.sign == nullptr) return std::nullopt;
  std::vector<std::string> out;
  STACK_OF(X509)* certs = p7->d.sign->cert;
  for (int i = 0; certs != nullptr && i < sk_X509_num(certs); ++i) {
    out.push_back(ossl::der_of(sk_X509_value(certs, i)));
  }
  return out;
}

// A DER blob that is one certificate or a PKCS#7 bundle.
std::optional<std::vector<std::string>> der_certs(std::string_view der) {
  if (auto cert = ossl::x509_from_der(der)) return std::vector<std::string>{std::string(der)};
  return pkcs7_certs(der);
}

struct PemBlock {
  std::string label;
  std::string body;
  std::size_t line = 0;
};

// Splits PEM text into its BEGIN/END blocks. `error` names the first malformed block as
// "<line>: <what>", so the caller can prefix the source ("file.pem:12: ...").
std::vector<PemBlock> pem_blocks(std::string_view text, std::string& error) {
  std::vector<PemBlock> blocks;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  PemBlock* open = nullptr;
  std::vector<PemBlock> result;
  while (pos <= text.size() && error.empty()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    auto line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    if (line.starts_with("-----BEGIN ") && line.ends_with("-----")) {
      if (open != nullptr) {
        error = fmt::format("{}: BEGIN inside an open PEM block", line_no);
        break;
      }
      result.push_back(PemBlock{std::string(line.substr(11, line.size() - 16)), {}, line_no});
      open = &result.back();
    } else if (line.starts_with("-----END ")) {
      if (open == nullptr) {
        error = fmt::format("{}: END without BEGIN", line_no);
        break;
      }
      open = nullptr;
    } else if (open != nullptr) {
      open->body.append(line);
      open->body += '\n';
    }
    if (end == text.size()) break;
    pos = end + 1;
  }
  if (error.empty() && open != nullptr) {
    error = fmt::format("{}: PEM block '{}' has no END line", open->line,
                        core::escape_control(open->label, 64));
  }
  return result;
}

core::Result<std::vector<std::string>> load_pem(std::string_view bytes, std::string_view source) {
  std::string error;
  auto blocks = pem_blocks(bytes, error);
  if (!error.empty()) return unexpected(ErrorKind::config, fmt::format("{}:{}", source, error));
  std::vector<std::string> out;
  for (const auto& block : blocks) {
    const bool cert = block.label == "CERTIFICATE" || block.label == "TRUSTED CERTIFICATE" ||
                      block.label == "X509 CERTIFICATE";
    const bool p7 = block.label == "PKCS7" || block.label == "CERTIFICATE CHAIN";
    if (!cert && !p7) continue;  // keys, CRLs and other blocks are not ours to read
    auto der = base64_decode(block.body);
    if (!der) {
      return unexpected(ErrorKind::config, fmt::format("{}:{}: PEM block '{}' is not valid base64",
                                                       source, block.line, block.label));
    }
    if (cert) {
      if (block.label == "TRUSTED CERTIFICATE") {
        // OpenSSL's trusted form: a certificate followed by its trust settings.
        const auto x = ossl::from_der<ossl::X509Ptr, &d2i_X509_AUX>(*der, false);
        if (!x) {
          return unexpected(ErrorKind::config, fmt::format("{}:{}: PEM block is not a certificate",
                                                           source, block.line));
        }
        out.push_back(ossl::der_of(x.get()));
        continue;
      }
      if (!ossl::x509_from_der(*der)) {
        ERR_clear_error();
        return unexpected(
            ErrorKind::config,
            fmt::format("{}:{}: PEM block is not a valid X.509 certificate", source, block.line));
      }
      out.push_back(std::move(*der));
    } else {
      auto certs = pkcs7_certs(*der);
      if (!certs) {
        ERR_clear_error();
        return unexpected(
            ErrorKind::config,
            fmt::format("{}:{}: PEM block is not a PKCS#7 certificate bundle", source, block.line));
      }
      for (auto& c : *certs) out.push_back(std::move(c));
    }
  }
  if (out.empty()) {
    return unexpected(ErrorKind::config,
                      fmt::format("{}: no certificate found in PEM data", source));
  }
  return out;
}

std::string last_common_name(const X509_NAME* name) {
  const int idx = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  int last = idx;
  for (int i = idx; i >= 0; i = X509_NAME_get_index_by_NID(name, NID_commonName, i)) last = i;
  if (last < 0) return {};
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, last));
  unsigned char* utf8 = nullptr;
  const int len = ASN1_STRING_to_UTF8(&utf8, data);
  const ossl::OpenSslBytesPtr owned(utf8);
  if (len < 0 || utf8 == nullptr) return {};
  return core::bound(
      std::string_view(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(len)));
}

std::string uri_of(const GENERAL_NAME* gn) {
  if (gn == nullptr || gn->type != GEN_URI) return {};
  const auto* s = gn->d.uniformResourceIdentifier;
  return core::bound(std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                      static_cast<std::size_t>(ASN1_STRING_length(s))));
}

void add_alt_names(X509* cert, core::CertFacts& facts) {
  ossl::GeneralNamesPtr names{
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr))};
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
    if (gn->type == GEN_DNS) {
      const auto* s = gn->d.dNSName;
      facts.dns_names.push_back(
          core::bound(std::string_view(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                       static_cast<std::size_t>(ASN1_STRING_length(s)))));
    } else if (gn->type == GEN_IPADD) {
      const auto* s = gn->d.iPAddress;
      const auto* b = ASN1_STRING_get0_data(s);
      const int len = ASN1_STRING_length(s);
      if (len == 4) {
        facts.ip_addresses.push_back(fmt::format("{}.{}.{}.{}", b[0], b[1], b[2], b[3]));
      } else if (len == 16) {
        std::string v6;
        for (int k = 0; k < 16; k += 2) {
          if (k > 0) v6 += ':';
          v6 += fmt::format("{:x}", (b[k] << 8) | b[k + 1]);
        }
        facts.ip_addresses.push_back(v6);
      }
    }
  }
}

void add_urls(X509* cert, core::CertFacts& facts) {
  using DistPointsPtr = lib::CPtr<CRL_DIST_POINTS, &CRL_DIST_POINTS_free>;
  DistPointsPtr points{static_cast<CRL_DIST_POINTS*>(
      X509_get_ext_d2i(cert, NID_crl_distribution_points, nullptr, nullptr))};
  for (int i = 0; points && i < sk_DIST_POINT_num(points.get()); ++i) {
    const DIST_POINT* dp = sk_DIST_POINT_value(points.get(), i);
    if (dp->distpoint == nullptr || dp->distpoint->type != 0) continue;  // fullName only
    const GENERAL_NAMES* names = dp->distpoint->name.fullname;
    for (int k = 0; k < sk_GENERAL_NAME_num(names); ++k) {
      auto uri = uri_of(sk_GENERAL_NAME_value(names, k));
      if (!uri.empty()) facts.crl_urls.push_back(std::move(uri));
    }
  }
  using AiaPtr = lib::CPtr<AUTHORITY_INFO_ACCESS, &AUTHORITY_INFO_ACCESS_free>;
  AiaPtr aia{static_cast<AUTHORITY_INFO_ACCESS*>(
      X509_get_ext_d2i(cert, NID_info_access, nullptr, nullptr))};
  for (int i = 0; aia && i < sk_ACCESS_DESCRIPTION_num(aia.get()); ++i) {
    const ACCESS_DESCRIPTION* ad = sk_ACCESS_DESCRIPTION_value(aia.get(), i);
    auto uri = uri_of(ad->location);
    if (uri.empty()) continue;
    const int nid = OBJ_obj2nid(ad->method);
    if (nid == NID_ad_OCSP) {
      facts.ocsp_urls.push_back(std::move(uri));
    } else if (nid == NID_ad_ca_issuers) {
      facts.ca_issuers_urls.push_back(std::move(uri));
    }
  }
}

int count_scts(X509* cert) {
  // The SCT list extension (RFC 6962 §3.3); OpenSSL decodes it into a STACK_OF(SCT).
  void* scts = X509_get_ext_d2i(cert, NID_ct_precert_scts, nullptr, nullptr);
  if (scts == nullptr) return 0;
  auto* stack = static_cast<STACK_OF(SCT)*>(scts);
  const int n = sk_SCT_num(stack);
  SCT_LIST_free(stack);
  return std::max(n, 0);
}

void add_key(X509* cert, core::CertFacts& facts) {
  EVP_PKEY* key = X509_get0_pubkey(cert);
  if (key == nullptr) return;
  facts.key_bits = EVP_PKEY_get_bits(key);
  const char* type = EVP_PKEY_get0_type_name(key);
  facts.key_type = type != nullptr ? type : "unknown";
  if (facts.key_type == "rsaEncryption") facts.key_type = "RSA";
  if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
    facts.key_type = "EC";
    char curve[80] = {};
    std::size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, "group", curve, sizeof curve, &len) == 1) {
      facts.curve = curve;
    }
  }
}

// The RFC 7469 pin of a parsed certificate: base64(SHA-256(SubjectPublicKeyInfo DER)).
core::Result<std::string> spki_pin_of_cert(X509* cert) {
  const std::string spki = ossl::to_der<&i2d_X509_PUBKEY>(X509_get_X509_PUBKEY(cert));
  if (spki.empty()) return unexpected(ErrorKind::config, "certificate has no public key");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_len = 0;
  EVP_Digest(spki.data(), spki.size(), digest, &digest_len, EVP_sha256(), nullptr);
  return ossl::base64_encode(std::string_view(reinterpret_cast<const char*>(digest), digest_len));
}

}  // namespace

bool is_sha256_base64(std::string_view text) noexcept {
  if (text.size() != 44 || !text.ends_with("=") || text.ends_with("==")) return false;
  auto decoded = base64_decode(text);
  return decoded && decoded->size() == 32;
}

bool names_issuer_of(std::string_view issuer_der, std::string_view child_der) {
  const auto issuer = ossl::x509_from_der(issuer_der);
  const auto child = ossl::x509_from_der(child_der);
  return issuer && child &&
         ossl::names_equal(X509_get_subject_name(issuer.get()), X509_get_issuer_name(child.get()));
}

core::Result<std::vector<std::string>> load_certificates(std::string_view bytes,
                                                         std::string_view source) {
  ERR_clear_error();
  if (bytes.empty()) return unexpected(ErrorKind::config, fmt::format("{}: file is empty", source));
  if (bytes.find("-----BEGIN ") != std::string_view::npos) return load_pem(bytes, source);
  if (auto certs = der_certs(bytes)) {
    if (certs->empty()) {
      return unexpected(ErrorKind::config,
                        fmt::format("{}: PKCS#7 bundle holds no certificate", source));
    }
    return std::move(*certs);
  }
  ERR_clear_error();
  if (auto der = base64_decode(bytes)) {
    if (auto certs = der_certs(*der); certs && !certs->empty()) return std::move(*certs);
  }
  ERR_clear_error();
  return unexpected(
      ErrorKind::config,
      fmt::format("{}: not a certificate (expected PEM, DER, PKCS#7 or base64 DER)", source));
}

core::Result<std::string> spki_pin_of(std::string_view der) {
  auto cert = ossl::x509_from_der(der);
  if (!cert) return unexpected(ErrorKind::config, "not a DER certificate");
  return spki_pin_of_cert(cert.get());
}

namespace {

core::Result<core::CertFacts> describe_uncached(std::string_view der) {
  ERR_clear_error();
  auto cert = ossl::x509_from_der(der);
  if (!cert) {
    return unexpected(ErrorKind::config,
                      fmt::format("not a DER certificate: {}", ossl::drain_errors()));
  }
  core::CertFacts facts;
  facts.der = std::string(der);
  facts.subject = ossl::name_text(X509_get_subject_name(cert.get()));
  facts.issuer = ossl::name_text(X509_get_issuer_name(cert.get()));
  facts.common_name = last_common_name(X509_get_subject_name(cert.get()));
  const ASN1_INTEGER* serial = X509_get0_serialNumber(cert.get());
  facts.serial_hex = hex_upper(ASN1_STRING_get0_data(serial),
                               static_cast<std::size_t>(ASN1_STRING_length(serial)));
  facts.not_before = ossl::to_sys_time(X509_get0_notBefore(cert.get()));
  facts.not_after = ossl::to_sys_time(X509_get0_notAfter(cert.get()));
  add_alt_names(cert.get(), facts);
  add_key(cert.get(), facts);
  facts.signature_algorithm = OBJ_nid2ln(X509_get_signature_nid(cert.get()));
  facts.is_ca = X509_check_ca(cert.get()) > 0;
  // Self-signed: names match and the signature verifies with the certificate's own key.
  facts.self_signed = X509_check_issued(cert.get(), cert.get()) == X509_V_OK &&
                      X509_verify(cert.get(), X509_get0_pubkey(cert.get())) == 1;
  auto pin = spki_pin_of_cert(cert.get());
  if (pin) facts.spki_pin = *pin;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  X509_digest(cert.get(), EVP_sha256(), digest, &len);
  facts.sha256_fingerprint = hex_upper(digest, len);
  X509_digest(cert.get(), EVP_sha1(), digest, &len);
  facts.sha1_thumbprint = hex_upper(digest, len);
  facts.sct_count = count_scts(cert.get());
  add_urls(cert.get(), facts);
  ERR_clear_error();
  return facts;
}

// The facts of each certificate described, by DER: a run's stages describe the chain of every
// target (the handshake, the completion, the judge), and the targets share a few chains. A
// description is a pure function of the bytes, so it is computed once (its self-signature
// check, digests and printed names) and copied out. Bounded like the parse cache: past
// k_max_described certificates or k_max_bytes of DER further ones are described and not kept.
class DescribedCache {
 public:
  static constexpr std::size_t k_max_described = 4096;
  static constexpr std::size_t k_max_bytes = std::size_t{8} << 20;  // of DER described

  core::Result<core::CertFacts> get(std::string_view der) {
    {
      const std::lock_guard lock(m_mutex);
      if (const auto it = m_facts.find(der); it != m_facts.end()) return it->second;
    }
    auto facts = describe_uncached(der);
    if (facts) {
      const std::lock_guard lock(m_mutex);
      if (m_facts.size() < k_max_described && m_bytes + der.size() <= k_max_bytes) {
        m_facts.emplace(std::string(der), *facts);
        m_bytes += der.size();
      }
    }
    return facts;
  }

 private:
  std::mutex m_mutex;
  std::unordered_map<std::string, core::CertFacts, core::StringHash, std::equal_to<>> m_facts;
  std::size_t m_bytes = 0;
};

}  // namespace

core::Result<core::CertFacts> describe_certificate(std::string_view der) {
  static DescribedCache cache;
  return cache.get(der);
}

}  // namespace probe::tls
