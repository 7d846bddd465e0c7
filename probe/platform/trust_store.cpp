#include "platform/trust_store.hpp"

#include <cstdlib>

namespace probe::platform {
namespace {

std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read-only use
  return value != nullptr && *value != '\0' ? std::string(value) : std::string(fallback);
}

[[maybe_unused]] TrustStoreSource openssl_defaults(std::string_view platform_note) {
  TrustStoreSource source;
  source.openssl_defaults = true;
  source.description =
      "OpenSSL default locations (SSL_CERT_FILE=" + env_or("SSL_CERT_FILE", "unset") +
      ", SSL_CERT_DIR=" + env_or("SSL_CERT_DIR", "unset") + ")";
  if (!platform_note.empty()) source.description += std::string("; ") + std::string(platform_note);
  return source;
}

}  // namespace

core::Result<TrustStoreSource> system_trust_store(const std::optional<std::string>& ca_file,
                                                  const std::optional<std::string>& ca_path) {
  if (ca_file || ca_path) {
    TrustStoreSource source;
    if (ca_file) {
      source.files.push_back(*ca_file);
      source.description = "--ca-file " + *ca_file;
    }
    if (ca_path) {
      source.directories.push_back(*ca_path);
      if (!source.description.empty()) source.description += ", ";
      source.description += "--ca-path " + *ca_path;
    }
    return source;
  }
#if defined(_WIN32)
  return windows_system_store();
#elif defined(__APPLE__)
  return macos_system_store();
#else
  return openssl_defaults({});
#endif
}

}  // namespace probe::platform
