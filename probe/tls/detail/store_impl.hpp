// The inside of a CertStore. Included only by tls/ .cpp files (it carries OpenSSL types).
#pragma once

#include <set>
#include <string>

#include "lib/openssl/ptr.hpp"

namespace probe::tls::detail {

struct StoreImpl {
  lib::openssl::X509StorePtr store;
  lib::openssl::X509StackPtr intermediates;  // untrusted path helpers, may be empty
  std::set<std::string, std::less<>> pins;   // SPKI pins of anchors known by content
  std::size_t count = 0;
  std::size_t skipped = 0;
  std::string description;
};

}  // namespace probe::tls::detail
