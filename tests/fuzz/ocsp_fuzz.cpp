// Fuzz target: OCSP response parsing and verification (revocation::check_ocsp_response) for
// the test PKI's leaf issued by its intermediate.
#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"
#include "revocation/ocsp.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace probe;
  const auto& pki = fuzz::pki();
  const auto bytes = fuzz::as_text(data, size);
  const auto verdict = revocation::check_ocsp_response(bytes, pki.leaf.facts,
                                                       pki.intermediate.facts, fuzz::fixed_now());
  if (verdict.status != core::RevocationStatus::error && verdict.failure) __builtin_trap();
  // The same answer about the intermediate (issued by the root): another CertID.
  (void)revocation::check_ocsp_response(bytes, pki.intermediate.facts, pki.root.facts,
                                        fuzz::fixed_now());
  return 0;
}
