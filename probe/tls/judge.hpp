// The chain judge (SPEC §3 step 4, §4; issue 4): turns a captured chain into TLS_OK,
// TLS_INTERCEPTED, TLS_PIN_MISMATCH and the CERT_* findings. Pure logic over DER bytes and
// injected stores and clock: no I/O. Missing issuers are fetched by the pipeline (check/)
// from the URLs issuer_fetch_urls() names and handed in as a ChainCompletion.
//
// Verdicts are kept apart: a genuine chain with a bad date or host is CERT_*, never
// interception; a publicly trusted chain that is not pinned is TLS_PIN_MISMATCH; only a chain
// that matches no pin and does not verify to a public root is TLS_INTERCEPTED.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/finding.hpp"
#include "core/inspection_product.hpp"
#include "core/pinset.hpp"
#include "core/report.hpp"
#include "tls/cert_store.hpp"

namespace probe::tls {

// Everything the judge needs besides the chain. Pointers are borrowed and must outlive the
// call; a context may be shared by concurrent calls (nothing in it is mutated).
struct JudgeContext {
  const core::Pinset* pinset = nullptr;          // nullptr: not pinned (trust checked only)
  const core::PinsetCatalog* catalog = nullptr;  // judge_target looks the target's pinset up
  const CertStore* system_store = nullptr;       // nullptr: treated as an empty store
  const CertStore* public_roots = nullptr;       // nullptr: embedded_public_roots()
  // The known inspection products (config::builtin_inspection_products() in the commands);
  // nullptr: none is named.
  const std::vector<core::InspectionProduct>* products = nullptr;
  const core::Clock* clock = nullptr;  // required
  int expiry_warn_days = 14;
};

// What the pipeline fetched to complete a chain whose top certificate's issuer was not sent
// (RFC 5280 §4.2.2.1 caIssuers).
struct ChainCompletion {
  std::vector<std::string> fetched_der;   // issuers found, in the order they were added
  std::vector<std::string> fetched_urls;  // the caIssuers URL each one came from
  std::vector<std::string> tried_urls;    // every caIssuers URL fetched, found or not
};

// The http: caIssuers URLs to fetch next for the chain `chain_der` (presented, then fetched):
// those of its top certificate when neither the pinset nor the public roots verify a path,
// the top is not self-issued and its issuer is not in the chain. Empty: nothing to fetch.
std::vector<std::string> issuer_fetch_urls(std::span<const std::string> chain_der,
                                           const std::optional<std::string>& pinset,
                                           const JudgeContext& context);

// The certificate of a caIssuers answer `body` (DER, PKCS#7 or PEM) that issued `child_der`,
// nullopt when there is none.
std::optional<std::string> issuer_from_answer(std::string_view body, std::string_view url,
                                              std::string_view child_der);

// At most this many certificates are fetched to complete one chain.
inline constexpr int k_max_fetched_issuers = 3;

struct Judgement {
  core::ChainVerdict verdict;
  std::vector<core::Finding> findings;  // TLS_* verdict plus CERT_* findings
  std::vector<std::string> chain_der;   // the chain judged (completed when fetched)
  std::vector<std::string> path_der;    // the verified path (pinset, else public, else system)
  bool intercepted = false;
};

// Judges `chain_der` (leaf first, as presented) for `host`. An empty chain yields no finding
// at all (a connection that never produced a chain is not a TLS verdict). A leaf that does not
// parse yields TLS_HANDSHAKE_FAILED with that detail, never a TLS_* trust verdict.
//
// Completeness is judged on what the server sent: when the verified path needs a certificate
// that is not self-signed and was not presented (found by caIssuers, a pinset anchor or a
// store), CERT_CHAIN_INCOMPLETE names it, except beside TLS_INTERCEPTED.
Judgement judge_chain(std::span<const std::string> chain_der, std::string_view host,
                      const JudgeContext& context, const ChainCompletion& completion = {});

// Wires the judge into a probed target: when `result.tls` completed a handshake with a chain,
// judges it for `result.target.host` against the pinset `result.target.pinset` of
// `context.catalog` (nullopt or no catalog: unpinned), fills `result.chain` (when empty),
// `verdict_detail`, and appends the findings. Otherwise (DNS, TCP, proxy or handshake failure) it
// does nothing.
void judge_target(core::TargetResult& result, const JudgeContext& context,
                  const ChainCompletion& completion = {});

// The pinset `name` of `context.catalog` (nullopt, no catalog or unknown: nullptr).
const core::Pinset* pinset_for(const JudgeContext& context, const std::optional<std::string>& name);

// What `pinprobe cert` shows about a chain read from a file (leaf first): whether it verifies
// to an embedded public root, and to which pinsets of `catalog` it matches (pins compared on
// the verified path only). Dates are ignored: a file is inspected, not a connection.
struct PinsetTrust {
  std::string pinset;
  bool verified = false;  // verifies to one of the pinset's anchors
  std::vector<core::ChainVerdict::PinHit> matches;
};
struct ChainTrust {
  bool public_root = false;
  std::string public_anchor;  // subject of the public root it verifies to
  std::vector<PinsetTrust> pinsets;
};
ChainTrust describe_trust(std::span<const std::string> chain_der,
                          const core::PinsetCatalog& catalog, const core::Clock& clock);

}  // namespace probe::tls
