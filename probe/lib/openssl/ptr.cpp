#include "lib/openssl/ptr.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>

#include "core/narrow.hpp"
#include "lib/openssl/version.hpp"

namespace probe::lib::openssl {

X509Ptr up_ref(X509* borrowed) noexcept {
  if (borrowed == nullptr || X509_up_ref(borrowed) != 1) return X509Ptr{};
  return X509Ptr{borrowed};
}

std::string drain_errors() {
  std::string out;
  for (unsigned long code = ERR_get_error(); code != 0; code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!out.empty()) out += "; ";
    out += buffer;
  }
  return out;
}

BioPtr read_only_bio(const void* bytes, std::size_t size) {
  return BioPtr{BIO_new_mem_buf(bytes, core::narrow<int>(size))};
}

}  // namespace probe::lib::openssl

namespace probe::lib::openssl {
std::string version() { return OpenSSL_version(OPENSSL_VERSION); }
}  // namespace probe::lib::openssl
