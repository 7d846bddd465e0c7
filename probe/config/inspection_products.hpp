// Known TLS-inspection products (data/inspection_products.yaml): how the judge names the
// device that re-signed a chain.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/inspection_product.hpp"
#include "core/result.hpp"

namespace probe::config {

using core::InspectionProduct;
using core::match_inspection_product;

// Parses an inspection-products file. Fails (config) with "file:line:col: message" on unknown
// keys, a product without name or without any match glob or pin, an empty or "*" glob, or a
// pin that is not base64 of 32 bytes.
core::Result<std::vector<InspectionProduct>> parse_inspection_products(std::string_view text,
                                                                       std::string_view source);

// The built-in list (embedded data/inspection_products.yaml), parsed once. The embedded file
// is validated by the unit tests, so failure here is a bug (PROBE_ASSERT).
const std::vector<InspectionProduct>& builtin_inspection_products();

}  // namespace probe::config
