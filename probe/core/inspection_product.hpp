// Known TLS-inspection products as plain data (data/inspection_products.yaml, parsed by
// config/inspection_products.hpp): how the judge names the device that re-signed a chain.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/cert_facts.hpp"

namespace probe::core {

struct InspectionProduct {
  std::string name;                // "Zscaler"
  std::vector<std::string> match;  // globs over RFC 2253 names of the re-signing CAs
  std::vector<std::string> pins;   // RFC 7469 pin-sha256 of CA keys that are public
  std::string note;                // optional extra evidence
};

// The product that re-signed `chain`, or nullptr. `chain` is leaf first: the presented
// certificates, then any a trust store added. Each certificate, from the leaf up, names a
// product when its SPKI pin is one of the product's pins, or when one of the product's globs
// matches its issuer name or, for a CA or a self-signed certificate, its subject. A leaf's own
// subject is never matched: a forged leaf copies the origin server's. The certificate nearest
// the leaf decides; at one certificate the first product in file order wins.
const InspectionProduct* match_inspection_product(const std::vector<InspectionProduct>& products,
                                                  std::span<const CertFacts> chain);

}  // namespace probe::core
