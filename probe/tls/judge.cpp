#include "tls/judge.hpp"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>

#include "core/narrow.hpp"
#include "core/text.hpp"
#include "lib/curl/url.hpp"
#include "lib/openssl/ptr.hpp"
#include "tls/certificate.hpp"
#include "tls/detail/store_impl.hpp"
#include "tls/public_roots.hpp"

namespace probe::tls {
namespace {

namespace ossl = lib::openssl;
using core::FindingCode;
using core::make_finding;

constexpr auto k_short_lifetime = std::chrono::days{30};

// One certificate of a chain: owned OpenSSL object plus its described facts.
struct Cert {
  ossl::X509Ptr x509;
  core::CertFacts facts;
};

std::optional<Cert> make_cert(std::string_view der) {
  auto x509 = ossl::x509_from_der(der);
  if (!x509) return std::nullopt;
  auto facts = describe_certificate(der);
  if (!facts) return std::nullopt;
  return Cert{std::move(x509), std::move(*facts)};
}

// The outcome of one X509_verify_cert against one store.
struct PathResult {
  bool ok = false;
  std::string error;       // OpenSSL's words when not ok
  std::vector<Cert> path;  // leaf first, ending at the trusted anchor
};

bool push_ref(STACK_OF(X509) * stack, X509* cert) {
  auto ref = ossl::up_ref(cert);
  if (!ref || sk_X509_push(stack, ref.get()) <= 0) return false;
  static_cast<void>(ref.release());  // owned by the stack now
  return true;
}

// Verifies chain[0] with the rest of `chain` (and the store's helpers) as untrusted
// intermediates. Dates are deliberately NOT checked here (X509_V_FLAG_NO_CHECK_TIME): an
// expired genuine chain must still be recognised as genuine; dates are judged separately
// against the injected clock (X509_VERIFY_PARAM_set_time is deliberately not called: its
// USE_CHECK_TIME flag would override NO_CHECK_TIME). `partial`: a non-self-signed anchor may end
// the path (pinsets that pin an intermediate certificate).
PathResult verify_uncached(const std::vector<Cert>& chain, const CertStore& store, bool partial) {
  PathResult result;
  if (chain.empty()) return result;
  const auto& impl = store.impl();
  ossl::X509StackPtr untrusted{sk_X509_new_null()};
  if (!untrusted) return result;
  for (std::size_t i = 1; i < chain.size(); ++i) push_ref(untrusted.get(), chain[i].x509.get());
  for (int i = 0; i < sk_X509_num(impl.intermediates.get()); ++i) {
    push_ref(untrusted.get(), sk_X509_value(impl.intermediates.get(), i));
  }
  ERR_clear_error();
  ossl::X509StoreCtxPtr ctx{X509_STORE_CTX_new()};
  if (!ctx ||
      X509_STORE_CTX_init(ctx.get(), impl.store.get(), chain[0].x509.get(), untrusted.get()) != 1) {
    result.error = ossl::drain_errors();
    return result;
  }
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  unsigned long flags = X509_V_FLAG_NO_CHECK_TIME;
  if (partial) flags |= X509_V_FLAG_PARTIAL_CHAIN;
  X509_VERIFY_PARAM_set_flags(param, flags);
  if (X509_verify_cert(ctx.get()) == 1) {
    ossl::X509StackPtr path{X509_STORE_CTX_get1_chain(ctx.get())};
    for (int i = 0; path && i < sk_X509_num(path.get()); ++i) {
      X509* cert = sk_X509_value(path.get(), i);
      auto facts = describe_certificate(ossl::der_of(cert));
      if (!facts) continue;
      result.path.push_back(Cert{ossl::up_ref(cert), std::move(*facts)});
    }
    result.ok = !result.path.empty();
  } else {
    result.error = X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get()));
  }
  ERR_clear_error();
  return result;
}

// verify_uncached, once per (chain, store, partial) in a run: the store keeps the outcome as
// bytes and each later call rebuilds the path from the (parsed once) certificates.
PathResult verify(const std::vector<Cert>& chain, const CertStore& store, bool partial) {
  if (chain.empty()) return {};
  std::string key(1, partial ? 'p' : 'f');
  for (const auto& cert : chain) {
    key += std::to_string(cert.facts.der.size());
    key += ':';
    key += cert.facts.der;
  }
  const auto& memo = store.impl().verified;
  if (auto known = memo.find(key)) {
    PathResult result;
    result.ok = known->ok;
    result.error = std::move(known->error);
    for (const auto& der : known->path) {
      if (auto cert = make_cert(der)) result.path.push_back(std::move(*cert));
    }
    if (!result.ok || result.path.size() == known->path.size()) return result;
  }
  auto result = verify_uncached(chain, store, partial);
  detail::VerifiedPath kept{result.ok, result.error, {}};
  for (const auto& cert : result.path) kept.path.push_back(cert.facts.der);
  memo.keep(std::move(key), std::move(kept));
  return result;
}

bool self_issued(const Cert& cert) {
  return X509_check_issued(cert.x509.get(), cert.x509.get()) == X509_V_OK;
}

// The certificate of `pool` that issued `child` (names and key identifiers match and the
// signature verifies), or nullptr.
const Cert* issuer_in(const std::vector<Cert>& pool, const Cert& child) {
  for (const auto& candidate : pool) {
    if (&candidate == &child) continue;
    if (X509_check_issued(candidate.x509.get(), child.x509.get()) != X509_V_OK) continue;
    if (X509_verify(child.x509.get(), X509_get0_pubkey(candidate.x509.get())) == 1) {
      return &candidate;
    }
  }
  ERR_clear_error();
  return nullptr;
}

// Where a pinned certificate sits on the verified path. The self-signed top is the root, also
// when it is the whole path (a CA file inspected alone), unless it is no CA (a self-signed leaf).
core::PinRole role_at(const std::vector<Cert>& path, std::size_t index) {
  const auto& facts = path[index].facts;
  if (index + 1 == path.size() && facts.self_signed && (index > 0 || facts.is_ca)) {
    return core::PinRole::root;
  }
  if (index == 0) return core::PinRole::leaf;
  return core::PinRole::intermediate;
}

bool hostname_matches(const Cert& leaf, std::string_view host) {
  std::string name(host);
  if (!name.empty() && name.back() == '.') name.pop_back();
  ERR_clear_error();
  const int ip = X509_check_ip_asc(leaf.x509.get(), name.c_str(), 0);
  if (ip >= 0) return ip == 1;  // -2: not an IP literal, check as a DNS name
  // RFC 6125 §6.4.3: a wildcard is the whole left-most label only ("f*.example.com" is
  // refused as browsers do).
  const int rc = X509_check_host(leaf.x509.get(), name.data(), name.size(),
                                 X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS, nullptr);
  ERR_clear_error();
  return rc == 1;
}

std::string display_name(const core::CertFacts& facts) {
  return facts.subject.empty() ? std::string("(empty subject)") : facts.subject;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  return fmt::format("{}", fmt::join(items, separator));
}

// Everything the judge learned about one chain, before turning it into findings.
struct Facts {
  std::vector<Cert> chain;  // presented (plus fetched) chain
  PathResult pinned;
  PathResult system;
  PathResult publicly;
  bool hostname_ok = false;
  std::vector<core::ChainVerdict::PinHit> hits;
  std::vector<std::string> fetched_urls;
  std::vector<std::string> tried_urls;
  std::size_t presented = 0;  // f.chain[0, presented) is what the server sent
};

void verify_all(Facts& f, const JudgeContext& context, const CertStore& pin_store,
                const CertStore& system, const CertStore& pub) {
  if (context.pinset != nullptr) f.pinned = verify(f.chain, pin_store, true);
  f.system = verify(f.chain, system, false);
  f.publicly = verify(f.chain, pub, false);
}

bool any_verified(const Facts& f) { return f.pinned.ok || f.system.ok || f.publicly.ok; }

bool is_http_url(std::string_view url) { return lib::curl::has_http_scheme(url); }

void collect_pin_hits(Facts& f, const core::Pinset& pinset) {
  const auto& path = f.pinned.path;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto* pin = pinset.find_pin(path[i].facts.spki_pin);
    if (pin == nullptr) continue;
    f.hits.push_back({pin->sha256, pin->label, role_at(path, i), path[i].facts.subject});
  }
}

// The path whose dates matter: the first that verified, else the presented chain.
const std::vector<Cert>& judged_path(const Facts& f) {
  if (f.pinned.ok) return f.pinned.path;
  if (f.publicly.ok) return f.publicly.path;
  if (f.system.ok) return f.system.path;
  return f.chain;
}

// CERT_EXPIRED / CERT_NOT_YET_VALID / CERT_EXPIRES_SOON against the injected clock. Returns
// true when a date failed.
bool judge_dates(const Facts& f, const JudgeContext& context, core::SysTime now,
                 std::vector<core::Finding>& out) {
  bool failed = false;
  for (const auto& cert : judged_path(f)) {
    const auto& c = cert.facts;
    if (now > c.not_after) {
      out.push_back(make_finding(FindingCode::cert_expired,
                                 fmt::format("the certificate '{}' expired on {}", display_name(c),
                                             core::format_utc(c.not_after)),
                                 {{"subject", c.subject},
                                  {"not_after", core::format_utc(c.not_after)},
                                  {"now", core::format_utc(now)}}));
      failed = true;
    } else if (now < c.not_before) {
      out.push_back(make_finding(FindingCode::cert_not_yet_valid,
                                 fmt::format("the certificate '{}' is valid only from {}",
                                             display_name(c), core::format_utc(c.not_before)),
                                 {{"subject", c.subject},
                                  {"not_before", core::format_utc(c.not_before)},
                                  {"now", core::format_utc(now)}}));
      failed = true;
    }
  }
  const auto& leaf = f.chain.front().facts;
  const auto left = leaf.not_after - now;
  if (now <= leaf.not_after && now >= leaf.not_before &&
      left < std::chrono::days{std::max(context.expiry_warn_days, 0)}) {
    const auto days = std::chrono::floor<std::chrono::days>(left).count();
    out.push_back(make_finding(
        FindingCode::cert_expires_soon,
        fmt::format("the certificate '{}' expires in {} days", display_name(leaf), days),
        {{"subject", leaf.subject},
         {"not_after", core::format_utc(leaf.not_after)},
         {"days_left", std::to_string(days)},
         {"warn_days", std::to_string(context.expiry_warn_days)}}));
  }
  return failed;
}

bool weak_signature(const core::CertFacts& c) {
  if (c.self_signed) return false;  // a root's self-signature is not relied upon
  const auto sig = core::to_lower(c.signature_algorithm);
  return sig.find("sha1") != std::string::npos || sig.find("md5") != std::string::npos;
}

void judge_weakness(const Facts& f, std::vector<core::Finding>& out) {
  for (const auto& cert : f.chain) {
    const auto& c = cert.facts;
    std::string why;
    if (weak_signature(c)) why = fmt::format("signed with {}", c.signature_algorithm);
    if (c.key_type == "RSA" && c.key_bits > 0 && c.key_bits < 2048) {
      if (!why.empty()) why += " and ";
      why += fmt::format("RSA key of {} bits", c.key_bits);
    }
    if (why.empty()) continue;
    out.push_back(make_finding(FindingCode::cert_weak,
                               fmt::format("'{}' is {}", display_name(c), why),
                               {{"subject", c.subject},
                                {"signature_algorithm", c.signature_algorithm},
                                {"key", fmt::format("{} {}", c.key_type, c.key_bits)}}));
  }
}

void add_hostname_finding(const Facts& f, std::string_view host, std::vector<core::Finding>& out) {
  const auto& leaf = f.chain.front().facts;
  std::vector<std::string> names = leaf.dns_names;
  for (const auto& ip : leaf.ip_addresses) names.push_back(ip);
  out.push_back(make_finding(
      FindingCode::cert_hostname_mismatch,
      fmt::format("the certificate does not name {} (it names {})", host,
                  names.empty() ? std::string("nothing") : join(names, ", ")),
      {{"host", std::string(host)}, {"subject", leaf.subject}, {"dns_names", join(names, ", ")}}));
}

// The evidence of an intercepted chain: who re-signed it, whether this device trusts that,
// which product it looks like, and the structural hints.
struct Interception {
  std::string resigning_subject;
  std::string resigning_pin;
  std::string anchor_subject;
  std::string anchor_pin;
  std::string product;
  std::string product_note;
  std::vector<std::string> hints;
  bool self_signed_leaf = false;
};

void add_structural_hints(const Facts& f, Interception& x) {
  const auto& leaf = f.chain.front().facts;
  if (x.self_signed_leaf) x.hints.emplace_back("the leaf is self-signed");
  for (std::size_t i = 1; i < f.chain.size(); ++i) {
    if (f.chain[i].facts.spki_pin == leaf.spki_pin) {
      x.hints.push_back(
          fmt::format("the leaf reuses the key of its issuer '{}'", f.chain[i].facts.subject));
      break;
    }
  }
  const auto lifetime = std::chrono::floor<std::chrono::days>(leaf.not_after - leaf.not_before);
  if (lifetime < k_short_lifetime) {
    x.hints.push_back(fmt::format("the leaf is valid for only {} days", lifetime.count()));
  }
  if (leaf.crl_urls.empty() && leaf.ocsp_urls.empty() && leaf.ca_issuers_urls.empty()) {
    x.hints.emplace_back("the leaf has no CRL distribution point and no AIA (public CAs set them)");
  }
  if (leaf.sct_count == 0) {
    x.hints.emplace_back("the leaf carries no SCTs (publicly trusted leaves carry them)");
  }
}

Interception describe_interception(const Facts& f, const JudgeContext& context) {
  Interception x;
  const Cert& leaf = f.chain.front();
  x.self_signed_leaf = leaf.facts.self_signed;
  // The re-signing CA: the leaf's issuer, from the presented chain or the system path.
  const Cert* issuer = issuer_in(f.chain, leaf);
  if (issuer == nullptr && f.system.ok && f.system.path.size() > 1) issuer = &f.system.path[1];
  if (x.self_signed_leaf) {
    x.resigning_subject = leaf.facts.subject;
    x.resigning_pin = leaf.facts.spki_pin;
  } else if (issuer != nullptr) {
    x.resigning_subject = issuer->facts.subject;
    x.resigning_pin = issuer->facts.spki_pin;
  } else {
    x.resigning_subject = leaf.facts.issuer;  // not presented: name only
  }
  const auto& top = f.system.ok ? f.system.path.back() : f.chain.back();
  x.anchor_subject = top.facts.self_signed ? top.facts.subject : top.facts.issuer;
  x.anchor_pin = top.facts.self_signed ? top.facts.spki_pin : std::string();

  // The whole chain (names, issuer names and keys), then what the system path added above it.
  std::vector<core::CertFacts> presented;
  for (const auto& cert : f.chain) presented.push_back(cert.facts);
  for (std::size_t i = 1; f.system.ok && i < f.system.path.size(); ++i) {
    presented.push_back(f.system.path[i].facts);
  }
  const auto* product = context.products != nullptr
                            ? core::match_inspection_product(*context.products, presented)
                            : nullptr;
  if (product != nullptr) {
    x.product = product->name;
    x.product_note = product->note;
  }
  add_structural_hints(f, x);
  return x;
}

core::Finding intercepted_finding(const Facts& f, const Interception& x,
                                  const JudgeContext& context, const CertStore& system) {
  std::string who;
  if (!x.product.empty()) {
    who = fmt::format("TLS inspection by {}: re-signed by '{}'", x.product, x.resigning_subject);
  } else if (x.self_signed_leaf) {
    who = fmt::format("a self-signed certificate '{}' was presented instead of the real chain",
                      x.resigning_subject);
  } else {
    who = fmt::format("re-signed by '{}', a CA that is neither pinned nor publicly trusted",
                      x.resigning_subject);
  }
  const std::string trust =
      f.system.ok ? "managed device with an inspection CA installed: the system trust store "
                    "trusts it, so browsers stay silent while pinned apps fail"
                  : "untrusted man-in-the-middle: the system trust store does not trust it either";
  core::Evidence evidence{
      {"resigning_ca", x.resigning_subject},
      {"resigning_ca_pin", x.resigning_pin.empty() ? "(not presented)" : x.resigning_pin},
      {"anchor", x.anchor_subject},
      {"system_trust", trust},
      {"system_store", system.description()}};
  if (!x.anchor_pin.empty()) evidence.emplace_back("anchor_pin", x.anchor_pin);
  if (!x.product.empty()) evidence.emplace_back("product", x.product);
  if (!x.product_note.empty()) evidence.emplace_back("product_note", x.product_note);
  for (const auto& hint : x.hints) evidence.emplace_back("hint", hint);
  evidence.emplace_back("leaf", f.chain.front().facts.subject);
  evidence.emplace_back("leaf_pin", f.chain.front().facts.spki_pin);
  evidence.emplace_back("pinset", context.pinset != nullptr ? context.pinset->name : "none");
  if (!f.pinned.error.empty()) evidence.emplace_back("pinset_verify_error", f.pinned.error);
  evidence.emplace_back("public_verify_error", f.publicly.error);
  return make_finding(
      FindingCode::tls_intercepted,
      fmt::format("{} ({})", who, f.system.ok ? "managed device" : "untrusted man-in-the-middle"),
      std::move(evidence));
}

std::vector<std::string> subjects_of(const std::vector<Cert>& path) {
  std::vector<std::string> out;
  for (const auto& cert : path) out.push_back(cert.facts.subject);
  return out;
}

core::Finding pin_mismatch_finding(const Facts& f, const JudgeContext& context) {
  const auto& root = f.publicly.path.back().facts;
  return make_finding(
      FindingCode::tls_pin_mismatch,
      fmt::format("the chain verifies to the public root '{}', which pinset '{}' does not pin",
                  root.subject, context.pinset->name),
      {{"anchor", root.subject},
       {"anchor_pin", root.spki_pin},
       {"verified_path", join(subjects_of(f.publicly.path), " <- ")},
       {"leaf_pin", f.chain.front().facts.spki_pin},
       {"pinset", context.pinset->name},
       {"pinset_verify_error", f.pinned.error}});
}

core::Finding ok_finding(const Facts& f, const JudgeContext& context) {
  if (context.pinset == nullptr) {
    const auto& root = f.publicly.path.back().facts;
    return make_finding(
        FindingCode::tls_ok,
        fmt::format("publicly trusted chain to '{}' (pins: none)", root.subject),
        {{"anchor", root.subject}, {"verified_path", join(subjects_of(f.publicly.path), " <- ")}});
  }
  core::Evidence evidence{{"pinset", context.pinset->name},
                          {"verified_path", join(subjects_of(f.pinned.path), " <- ")}};
  std::vector<std::string> matched;
  for (const auto& hit : f.hits) {
    evidence.emplace_back(fmt::format("pin_{}", core::to_string(hit.role)),
                          fmt::format("{} ({})", hit.pin, hit.label));
    matched.push_back(fmt::format("{} '{}'", core::to_string(hit.role), hit.label));
  }
  return make_finding(FindingCode::tls_ok,
                      fmt::format("the vendor's real chain: pinset '{}' matches by {}",
                                  context.pinset->name, join(matched, ", ")),
                      std::move(evidence));
}

void fill_verdict(const Facts& f, const JudgeContext& context, const CertStore& system,
                  const CertStore& pub, core::ChainVerdict& v) {
  v.anchor_verified = f.pinned.ok;
  v.system_trusted = f.system.ok;
  v.public_root = f.publicly.ok;
  v.hostname_ok = f.hostname_ok;
  v.pin_matches = f.hits;
  if (!f.hits.empty()) {
    v.matched_pin = f.hits.front().pin;
    v.matched_label = f.hits.front().label;
    v.matched_role = f.hits.front().role;
  }
  v.error = context.pinset != nullptr ? f.pinned.error : f.publicly.error;
  const auto& path = f.pinned.ok ? f.pinned.path : f.publicly.ok ? f.publicly.path : f.system.path;
  v.verified_path = subjects_of(path);
  if (!path.empty()) {
    v.anchor_subject = path.back().facts.subject;
    v.anchor_pin = path.back().facts.spki_pin;
  }
  v.chain_completed = !f.fetched_urls.empty();
  v.system_store = system.description();
  v.public_roots = pub.description();
}

// True when the top of the chain names an issuer that was not sent but could be fetched
// from caIssuers (HTTP) if the network allowed it.
bool issuer_unobtainable(const Facts& f) {
  const Cert& top = f.chain.back();
  if (self_issued(top) || issuer_in(f.chain, top) != nullptr) return false;
  return std::any_of(top.facts.ca_issuers_urls.begin(), top.facts.ca_issuers_urls.end(),
                     [](const std::string& url) { return is_http_url(url); });
}

core::Finding unjudgeable_finding(const Facts& f) {
  const auto& top = f.chain.back().facts;
  core::Evidence evidence{{"missing_issuer", top.issuer}, {"cited_by", top.subject}};
  for (const auto& url : top.ca_issuers_urls) evidence.emplace_back("ca_issuers_url", url);
  evidence.emplace_back("fetched", f.tried_urls.empty() ? "not tried" : "attempted, failed");
  auto finding = make_finding(
      FindingCode::cert_chain_incomplete,
      fmt::format("the server did not send the issuer '{}' and it could not be fetched from "
                  "caIssuers: the chain could not be judged",
                  top.issuer),
      std::move(evidence));
  finding.severity = core::Severity::fail;  // no verdict could be proven
  return finding;
}

// The stores a judgement verifies against.
struct Stores {
  const CertStore& system;
  const CertStore& pub;
  CertStore pin_store;
};

// The store of a pinset's anchors, built once per (name, anchors) in a run and shared by every
// target judged against it (with the verification outcomes it keeps). Bounded: past
// k_max_pin_stores pinsets a store is built and not kept.
CertStore pin_store_of(const core::Pinset& pinset) {
  constexpr std::size_t k_max_pin_stores = 64;
  static std::mutex mutex;
  static std::map<std::string, CertStore, std::less<>> stores;
  const auto anchors = pinset.anchors();
  std::string key = pinset.name;
  for (const auto& der : anchors) {
    key += '\n';
    key += std::to_string(der.size());
    key += ':';
    key += der;
  }
  const std::lock_guard lock(mutex);
  if (const auto it = stores.find(key); it != stores.end()) return it->second;
  auto store = CertStore::from_der(anchors, {}, "pinset " + pinset.name);
  if (stores.size() < k_max_pin_stores) stores.emplace(std::move(key), store);
  return store;
}

Stores stores_of(const JudgeContext& context, const CertStore& empty_store) {
  return Stores{context.system_store != nullptr ? *context.system_store : empty_store,
                context.public_roots != nullptr ? *context.public_roots : embedded_public_roots(),
                context.pinset != nullptr ? pin_store_of(*context.pinset) : CertStore()};
}

// Where the certificate `der` of a verified path came from when the server did not send it.
std::string found_at(const Facts& f, const std::string& der, const JudgeContext& context,
                     const Stores& stores) {
  for (std::size_t i = f.presented; i < f.chain.size(); ++i) {
    if (f.chain[i].facts.der == der) {
      const std::size_t k = i - f.presented;
      return k < f.fetched_urls.size() ? "caIssuers " + f.fetched_urls[k] : "caIssuers";
    }
  }
  if (context.pinset != nullptr) {
    const auto anchors = context.pinset->anchors();
    if (std::find(anchors.begin(), anchors.end(), der) != anchors.end()) {
      return "pinset " + context.pinset->name + " anchor";
    }
  }
  if (f.publicly.ok) return stores.pub.description();
  return stores.system.description();
}

// CERT_CHAIN_INCOMPLETE when the verified path needs a certificate that is not self-signed
// and that the server did not send: a device without it cached fails the same way.
std::optional<core::Finding> incompleteness(const Facts& f, const JudgeContext& context,
                                            const Stores& stores) {
  if (!(f.pinned.ok || f.publicly.ok || f.system.ok)) return std::nullopt;
  const auto& path = judged_path(f);
  core::Evidence evidence;
  std::vector<std::string> missing;
  for (std::size_t i = 1; i < path.size(); ++i) {
    const auto& cert = path[i];
    if (cert.facts.self_signed) continue;
    const bool sent =
        std::any_of(f.chain.begin(), f.chain.begin() + static_cast<std::ptrdiff_t>(f.presented),
                    [&](const Cert& c) { return c.facts.der == cert.facts.der; });
    if (sent) continue;
    missing.push_back(display_name(cert.facts));
    evidence.emplace_back("missing", cert.facts.subject);
    const auto where = found_at(f, cert.facts.der, context, stores);
    evidence.emplace_back("found_at", where);
    if (where.starts_with("caIssuers")) evidence.emplace_back("fetched", cert.facts.subject);
  }
  if (missing.empty()) return std::nullopt;
  for (const auto& url : f.fetched_urls) evidence.emplace_back("ca_issuers_url", url);
  evidence.emplace_back("presented", std::to_string(f.presented));
  return make_finding(
      FindingCode::cert_chain_incomplete,
      fmt::format("the server did not send the intermediate {} that its path needs; a device "
                  "without it cached cannot verify the chain",
                  join(missing, ", ")),
      std::move(evidence));
}

// True when the top of the presented chain names an issuer that is neither in the chain nor
// self-issued, and there is no caIssuers URL to chase: an omitted intermediate and a
// re-signing device look the same.
bool issuer_missing_without_aia(const Facts& f) {
  const Cert& top = f.chain.back();
  if (self_issued(top) || issuer_in(f.chain, top) != nullptr) return false;
  return std::none_of(top.facts.ca_issuers_urls.begin(), top.facts.ca_issuers_urls.end(),
                      [](const std::string& url) { return is_http_url(url); });
}

std::optional<Facts> parse_chain(std::span<const std::string> chain_der,
                                 std::vector<core::Finding>& findings) {
  Facts f;
  for (const auto& der : chain_der) {
    auto cert = make_cert(der);
    if (cert) {
      f.chain.push_back(std::move(*cert));
    } else if (f.chain.empty()) {
      findings.push_back(make_finding(FindingCode::tls_handshake_failed,
                                      "the server's leaf certificate does not parse",
                                      {{"detail", ossl::drain_errors()}}));
      return std::nullopt;
    }
  }
  ERR_clear_error();
  f.presented = f.chain.size();
  return f;
}

// The issuers the pipeline fetched from caIssuers, appended to the presented chain.
void add_fetched(Facts& f, const ChainCompletion& completion) {
  for (std::size_t i = 0; i < completion.fetched_der.size(); ++i) {
    auto cert = make_cert(completion.fetched_der[i]);
    if (!cert) continue;
    f.chain.push_back(std::move(*cert));
    f.fetched_urls.push_back(i < completion.fetched_urls.size() ? completion.fetched_urls[i]
                                                                : std::string());
  }
  f.tried_urls = completion.tried_urls;
  ERR_clear_error();
}

void add_interception(const Facts& f, const JudgeContext& context, const CertStore& system,
                      Judgement& j);

// The trust verdict (TLS_OK / TLS_PIN_MISMATCH / TLS_INTERCEPTED, or an unjudgeable
// CERT_CHAIN_INCOMPLETE) and, beside a genuine chain, the omitted intermediates.
void add_trust_verdict(const Facts& f, const JudgeContext& context, const Stores& stores,
                       bool sound, Judgement& j) {
  const bool pinned = context.pinset != nullptr && f.pinned.ok && !f.hits.empty();
  const bool genuine = pinned || (context.pinset == nullptr && f.publicly.ok);
  if (!any_verified(f) && issuer_unobtainable(f)) {
    // The chain stops at a certificate whose issuer was neither sent nor fetchable from its
    // caIssuers URL: nothing can be concluded about pins or interception (a genuine server
    // that omits its intermediate behind a port-80 block looks exactly like this).
    j.findings.push_back(unjudgeable_finding(f));
    return;
  }
  const bool mismatch = !genuine && context.pinset != nullptr && f.publicly.ok;
  if (!genuine && !mismatch) {
    add_interception(f, context, stores.system, j);
    return;
  }
  if (auto gap = incompleteness(f, context, stores)) j.findings.push_back(std::move(*gap));
  if (mismatch) {
    j.findings.push_back(pin_mismatch_finding(f, context));
  } else if (sound) {
    j.findings.push_back(ok_finding(f, context));
  }
}

// TLS_INTERCEPTED and the verdict's re-signing facts. When the issuer is missing, found nowhere
// and there is no caIssuers URL to chase, the message says both readings.
void add_interception(const Facts& f, const JudgeContext& context, const CertStore& system,
                      Judgement& j) {
  const auto x = describe_interception(f, context);
  auto finding = intercepted_finding(f, x, context, system);
  if (!x.self_signed_leaf && issuer_missing_without_aia(f)) {
    finding.message += fmt::format(
        "; the issuer '{}' was not sent and the chain names no caIssuers URL, so this is a "
        "re-signing device or a server that omitted its intermediate",
        f.chain.back().facts.issuer);
    finding.evidence.emplace_back("alternative",
                                  "a server that omitted its intermediate certificate");
  }
  j.findings.push_back(std::move(finding));
  j.intercepted = true;
  j.verdict.resigning_ca_subject = x.resigning_subject;
  j.verdict.resigning_ca_pin = x.resigning_pin;
  j.verdict.product = x.product;
  j.verdict.hints = x.hints;
}

}  // namespace

std::vector<std::string> issuer_fetch_urls(std::span<const std::string> chain_der,
                                           const std::optional<std::string>& pinset,
                                           const JudgeContext& context) {
  std::vector<core::Finding> ignored;
  auto parsed = parse_chain(chain_der, ignored);
  if (!parsed || parsed->chain.empty()) return {};
  Facts& f = *parsed;
  const Cert& top = f.chain.back();
  if (self_issued(top) || issuer_in(f.chain, top) != nullptr) return {};
  JudgeContext local = context;
  local.pinset = pinset_for(context, pinset);
  const CertStore empty_store;
  const auto stores = stores_of(local, empty_store);
  verify_all(f, local, stores.pin_store, stores.system, stores.pub);
  // The system store alone verifying is not enough: a genuine chain is told from a re-signed
  // one by the pinset or the public roots, so their path is what the fetch completes.
  if (f.pinned.ok || f.publicly.ok) return {};
  std::vector<std::string> urls;
  for (const auto& url : top.facts.ca_issuers_urls) {
    if (is_http_url(url)) urls.push_back(url);
  }
  return urls;
}

std::optional<std::string> issuer_from_answer(std::string_view body, std::string_view url,
                                              std::string_view child_der) {
  auto child = ossl::x509_from_der(child_der);
  if (!child || body.empty()) return std::nullopt;
  auto certs = load_certificates(body, url);
  if (!certs) return std::nullopt;
  for (const auto& der : *certs) {
    auto cert = ossl::x509_from_der(der);
    if (!cert) continue;
    if (X509_check_issued(cert.get(), child.get()) != X509_V_OK) continue;
    ERR_clear_error();
    return der;
  }
  ERR_clear_error();
  return std::nullopt;
}

const core::Pinset* pinset_for(const JudgeContext& context,
                               const std::optional<std::string>& name) {
  if (context.catalog == nullptr) return context.pinset;
  if (!name) return nullptr;
  return context.catalog->find(*name);
}

Judgement judge_chain(std::span<const std::string> chain_der, std::string_view host,
                      const JudgeContext& context, const ChainCompletion& completion) {
  PROBE_ASSERT(context.clock != nullptr);
  Judgement j;
  if (chain_der.empty()) return j;
  const auto now = context.clock->now();
  auto parsed = parse_chain(chain_der, j.findings);
  if (!parsed) return j;
  Facts& f = *parsed;
  add_fetched(f, completion);
  const CertStore empty_store;
  const auto stores = stores_of(context, empty_store);
  const CertStore& system = stores.system;
  const CertStore& pub = stores.pub;

  verify_all(f, context, stores.pin_store, system, pub);
  if (context.pinset != nullptr && f.pinned.ok) collect_pin_hits(f, *context.pinset);
  f.hostname_ok = hostname_matches(f.chain.front(), host);

  std::vector<core::Finding> cert_findings;
  const bool dates_failed = judge_dates(f, context, now, cert_findings);
  if (!f.hostname_ok) add_hostname_finding(f, host, cert_findings);
  judge_weakness(f, cert_findings);
  const bool sound = !dates_failed && f.hostname_ok;

  add_trust_verdict(f, context, stores, sound, j);
  for (auto& finding : cert_findings) j.findings.push_back(std::move(finding));
  fill_verdict(f, context, system, pub, j.verdict);
  for (const auto& cert : f.chain) j.chain_der.push_back(cert.facts.der);
  for (const auto& cert : judged_path(f)) j.path_der.push_back(cert.facts.der);
  return j;
}

void judge_target(core::TargetResult& result, const JudgeContext& context,
                  const ChainCompletion& completion) {
  if (result.tls.status != core::TlsStatus::handshake_ok || result.tls.chain_der.empty()) return;
  JudgeContext local = context;
  local.pinset = pinset_for(context, result.target.pinset);
  auto j = judge_chain(result.tls.chain_der, result.target.host, local, completion);
  if (result.chain.empty()) {
    for (std::size_t i = 0; i < result.tls.chain_der.size(); ++i) {
      if (auto facts = describe_certificate(result.tls.chain_der[i])) {
        result.chain.push_back(std::move(*facts));
      }
    }
  }
  // Revocation checks the chain as completed: presented, fetched, and what the verified path
  // took from a pinset or a store.
  result.revocation_chain.clear();
  auto add = [&result](const std::string& der) {
    for (const auto& c : result.revocation_chain) {
      if (c.der == der) return;
    }
    if (auto facts = describe_certificate(der))
      result.revocation_chain.push_back(std::move(*facts));
  };
  for (const auto& der : j.chain_der) add(der);
  for (const auto& der : j.path_der) add(der);
  result.verdict_detail = std::move(j.verdict);
  for (auto& finding : j.findings) result.findings.push_back(std::move(finding));
}

ChainTrust describe_trust(std::span<const std::string> chain_der,
                          const core::PinsetCatalog& catalog, const core::Clock& clock) {
  ChainTrust trust;
  if (chain_der.empty()) return trust;
  JudgeContext context;
  context.clock = &clock;
  const auto unpinned = judge_chain(chain_der, {}, context);
  trust.public_root = unpinned.verdict.public_root;
  if (trust.public_root) trust.public_anchor = unpinned.verdict.anchor_subject;
  for (const auto& set : catalog.pinsets) {
    context.pinset = &set;
    const auto j = judge_chain(chain_der, {}, context);
    trust.pinsets.push_back({set.name, j.verdict.anchor_verified, j.verdict.pin_matches});
  }
  return trust;
}

}  // namespace probe::tls
