#include "core/inspection_product.hpp"

#include <algorithm>
#include <string_view>

#include "core/text.hpp"

namespace probe::core {
namespace {

bool any_glob_matches(const InspectionProduct& product, std::string_view name) {
  if (name.empty()) return false;
  return std::any_of(product.match.begin(), product.match.end(),
                     [name](const std::string& glob) { return glob_match(glob, name); });
}

// Whether `cert`, at `index` on the chain (0: the leaf), names `product`.
bool names_product(const InspectionProduct& product, const CertFacts& cert, std::size_t index) {
  if (std::find(product.pins.begin(), product.pins.end(), cert.spki_pin) != product.pins.end()) {
    return true;
  }
  if (any_glob_matches(product, cert.issuer)) return true;
  const bool own_name = index > 0 || cert.is_ca || cert.self_signed;
  return own_name && any_glob_matches(product, cert.subject);
}

}  // namespace

const InspectionProduct* match_inspection_product(const std::vector<InspectionProduct>& products,
                                                  std::span<const CertFacts> chain) {
  for (std::size_t i = 0; i < chain.size(); ++i) {
    for (const auto& product : products) {
      if (names_product(product, chain[i], i)) return &product;
    }
  }
  return nullptr;
}

}  // namespace probe::core
