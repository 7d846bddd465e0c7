// Known TLS-inspection products (data/inspection_products.yaml): how the judge names the
// device that re-signed a chain.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace probe::config {

struct InspectionProduct {
  std::string name;                // "Zscaler"
  std::vector<std::string> match;  // globs over RFC 2253 subjects of the re-signing CAs
  std::string note;                // optional extra evidence
};

// Parses an inspection-products file. Fails (config) with "file:line:col: message" on unknown
// keys, a product without name or match, or an empty glob.
core::Result<std::vector<InspectionProduct>> parse_inspection_products(std::string_view text,
                                                                       std::string_view source);

// The built-in list (embedded data/inspection_products.yaml), parsed once. The embedded file
// is validated by the unit tests, so failure here is a bug (PROBE_ASSERT).
const std::vector<InspectionProduct>& builtin_inspection_products();

// The first product with a glob matching one of `subjects`, or nullptr.
const InspectionProduct* match_inspection_product(const std::vector<InspectionProduct>& products,
                                                  const std::vector<std::string>& subjects);

}  // namespace probe::config
