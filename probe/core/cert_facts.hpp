// CertFacts: what pinprobe records of one certificate (SPEC §3 step 4). Filled by
// tls::describe_certificate from DER; plain data so reports need no OpenSSL.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"

namespace probe::core {

struct CertFacts {
  std::string subject;  // RFC 2253 one-line form; from the network: escape on output
  std::string issuer;
  std::string serial_hex;  // upper-case hex, no separators
  SysTime not_before{};
  SysTime not_after{};
  std::vector<std::string> dns_names;  // subjectAltName DNS entries
  std::vector<std::string> ip_addresses;
  std::string key_type;  // "RSA", "EC", "Ed25519", ...
  int key_bits = 0;
  std::string curve;                // for EC keys
  std::string signature_algorithm;  // "sha256WithRSAEncryption"
  bool is_ca = false;
  bool self_signed = false;        // subject == issuer and the signature verifies with its own key
  std::string spki_pin;            // RFC 7469 pin-sha256, base64
  std::string sha256_fingerprint;  // upper-case hex, no separators
  std::string sha1_thumbprint;     // upper-case hex, no separators (as Windows shows it)
  int sct_count = 0;               // embedded SCTs (RFC 6962)
  std::vector<std::string> crl_urls;
  std::vector<std::string> ocsp_urls;
  std::vector<std::string> ca_issuers_urls;
  std::string common_name;  // the subject's last CN, for short display
  std::string der;          // the certificate itself, DER bytes
};

}  // namespace probe::core
