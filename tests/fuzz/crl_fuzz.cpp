// Fuzz target: CRL parsing and checking (revocation::check_crl) against the test PKI's
// intermediate and root as possible issuers and its leaf and intermediate as citing certificates.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "fuzz_support.hpp"
#include "revocation/crl.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace probe;
  static const std::vector<core::CertFacts> issuers{fuzz::pki().intermediate.facts,
                                                    fuzz::pki().root.facts};
  static const std::vector<core::CertFacts> citing{fuzz::pki().leaf.facts,
                                                   fuzz::pki().intermediate.facts};
  const auto verdict =
      revocation::check_crl(fuzz::as_text(data, size), issuers, citing, fuzz::fixed_now());
  if (verdict.status != core::RevocationStatus::error && verdict.failure) __builtin_trap();
  return 0;
}
