// Certificates from files and from the wire: loading (PEM, DER, PKCS#7, bare base64) and
// describing (the CertFacts of SPEC §3 step 4). Works on DER bytes so callers need no OpenSSL.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/cert_facts.hpp"
#include "core/result.hpp"

namespace probe::tls {

// Every certificate in `bytes`, as DER, in file order. Accepts PEM (any number of
// CERTIFICATE / TRUSTED CERTIFICATE / PKCS7 blocks), DER X.509, DER PKCS#7 (.p7b/.p7c,
// degenerate "certs-only"), and bare base64 of either DER form (a .cer pasted as text).
// Fails (config) with "<source>: <what is wrong>" when nothing usable is found; junk around
// PEM blocks is ignored, a damaged PEM block is an error.
core::Result<std::vector<std::string>> load_certificates(std::string_view bytes,
                                                         std::string_view source);

// The facts of one DER certificate. Fails (config) when `der` is not a certificate.
core::Result<core::CertFacts> describe_certificate(std::string_view der);

// RFC 7469 pin-sha256 (base64 of SHA-256 over the DER SubjectPublicKeyInfo) of `der`.
core::Result<std::string> spki_pin_of(std::string_view der);

// True when `text` is the base64 of exactly 32 bytes (a SHA-256 digest).
bool is_sha256_base64(std::string_view text) noexcept;

// True when the subject of certificate `issuer_der` is the issuer name of certificate
// `child_der`, compared as X509_NAME (X509_NAME_cmp), not as display text.
bool names_issuer_of(std::string_view issuer_der, std::string_view child_der);

}  // namespace probe::tls
