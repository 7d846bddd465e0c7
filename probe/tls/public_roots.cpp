#include "tls/public_roots.hpp"

#include <vector>

#include "tls/certificate.hpp"

namespace probe::tls {

const CertStore& embedded_public_roots() {
  static const CertStore k_roots = [] {
    std::vector<std::string> der;
    const auto bundle = detail::public_root_bundle();
    if (!bundle.empty()) {
      auto certs = load_certificates(bundle, "<built-in>/public-roots");
      if (certs) der = std::move(*certs);
    }
    return CertStore::from_der(der, {}, std::string(public_roots_version()));
  }();
  return k_roots;
}

std::string_view public_roots_version() noexcept { return detail::public_root_bundle_version(); }

}  // namespace probe::tls
