// The "system" trust store (SPEC §1 --ca-file/--ca-path, issue 4 step 1b): where the platform
// keeps the certificates it trusts, described as data so that tls/ can build an OpenSSL store
// from it without platform headers leaking into other modules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace probe::platform {

struct TrustStoreSource {
  std::vector<std::string> files;              // PEM bundles to load (--ca-file)
  std::vector<std::string> directories;        // hashed certificate directories (--ca-path)
  std::vector<std::string> anchors_der;        // trusted roots read from the OS (Windows ROOT)
  std::vector<std::string> intermediates_der;  // untrusted helpers (Windows CA store)
  bool openssl_defaults = false;  // use OpenSSL's default locations (honours SSL_CERT_FILE/DIR)
  std::string description;        // for evidence: "OpenSSL defaults (SSL_CERT_FILE=...)"
};

// The trust store to compare chains against: `ca_file`/`ca_path` when given (either or both),
// otherwise the platform's own store: OpenSSL's default paths on Linux (which honour the
// SSL_CERT_FILE and SSL_CERT_DIR environment variables), the ROOT and CA system stores on
// Windows (CryptoAPI), and the keychain's anchors on macOS (Security framework). Fails (io)
// when the Windows or macOS store cannot be read.
core::Result<TrustStoreSource> system_trust_store(const std::optional<std::string>& ca_file,
                                                  const std::optional<std::string>& ca_path);

// The macOS keychain's anchors (system roots plus the admin and user trust-settings domains)
// as DER certificates, through the Security framework. Defined only on macOS.
core::Result<TrustStoreSource> macos_system_store();

// The Windows ROOT and CA system stores as DER certificates. Defined only on Windows.
core::Result<TrustStoreSource> windows_system_store();

}  // namespace probe::platform
