#include "tls/judge.hpp"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "core/narrow.hpp"
#include "core/text.hpp"
#include "lib/openssl/ptr.hpp"
#include "tls/certificate.hpp"
#include "tls/detail/store_impl.hpp"
#include "tls/public_roots.hpp"

namespace probe::tls {
namespace {

namespace ossl = lib::openssl;
using core::FindingCode;
using core::make_finding;

constexpr int k_max_fetch_rounds = 3;  // intermediates fetched from caIssuers, at most
constexpr auto k_short_lifetime = std::chrono::days{30};

ossl::X509Ptr parse_der(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  return ossl::X509Ptr{d2i_X509(nullptr, &p, core::narrow<long>(der.size()))};
}

std::string der_of(X509* cert) {
  unsigned char* buffer = nullptr;
  const int len = i2d_X509(cert, &buffer);
  if (len <= 0) return {};
  std::string der(reinterpret_cast<const char*>(buffer), static_cast<std::size_t>(len));
  OPENSSL_free(buffer);
  return der;
}

// One certificate of a chain: owned OpenSSL object plus its described facts.
struct Cert {
  ossl::X509Ptr x509;
  core::CertFacts facts;
};

std::optional<Cert> make_cert(std::string_view der) {
  auto x509 = parse_der(der);
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
PathResult verify(const std::vector<Cert>& chain, const CertStore& store, bool partial) {
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
      auto facts = describe_certificate(der_of(cert));
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

std::string role_at(const std::vector<Cert>& path, std::size_t index) {
  if (index == 0) return "leaf";
  if (index + 1 == path.size() && path[index].facts.self_signed) return "root";
  return "intermediate";
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
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
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
};

void verify_all(Facts& f, const JudgeContext& context, const CertStore& pin_store,
                const CertStore& system, const CertStore& pub) {
  if (context.pinset != nullptr) f.pinned = verify(f.chain, pin_store, true);
  f.system = verify(f.chain, system, false);
  f.publicly = verify(f.chain, pub, false);
}

bool any_verified(const Facts& f) { return f.pinned.ok || f.system.ok || f.publicly.ok; }

bool is_http_url(std::string_view url) { return core::to_lower(url.substr(0, 7)) == "http://"; }

// Completes a chain whose top certificate's issuer was not sent, from that certificate's
// caIssuers URL (RFC 5280 §4.2.2.1): DER, PKCS#7 or PEM. Returns true when a certificate was
// added. A top without caIssuers is not "incomplete": it is judged as presented.
bool fetch_missing_issuer(Facts& f, const JudgeContext& context) {
  const Cert& top = f.chain.back();
  if (self_issued(top) || top.facts.ca_issuers_urls.empty()) return false;
  for (const auto& url : top.facts.ca_issuers_urls) {
    if (!is_http_url(url)) continue;
    core::HttpRequest request;
    request.url = url;
    request.max_bytes = context.max_download;
    auto responses = context.fetcher->fetch({request});
    if (responses.empty()) continue;
    const auto& response = responses.front();
    if (response.outcome.status != 200 || response.outcome.truncated || response.body.empty()) {
      continue;
    }
    auto certs = load_certificates(response.body, url);
    if (!certs) continue;
    for (const auto& der : *certs) {
      auto cert = make_cert(der);
      if (!cert) continue;
      if (X509_check_issued(cert->x509.get(), top.x509.get()) != X509_V_OK) continue;
      f.chain.push_back(std::move(*cert));
      f.fetched_urls.push_back(url);
      ERR_clear_error();
      return true;
    }
  }
  ERR_clear_error();
  return false;
}

void collect_pin_hits(Facts& f, const config::Pinset& pinset) {
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

  std::vector<std::string> subjects{x.resigning_subject, leaf.facts.issuer};
  for (std::size_t i = 1; i < f.chain.size(); ++i) subjects.push_back(f.chain[i].facts.subject);
  for (std::size_t i = 1; f.system.ok && i < f.system.path.size(); ++i) {
    subjects.push_back(f.system.path[i].facts.subject);
  }
  const auto& products =
      context.products != nullptr ? *context.products : config::builtin_inspection_products();
  if (const auto* product = config::match_inspection_product(products, subjects)) {
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
    evidence.emplace_back("pin_" + hit.role, fmt::format("{} ({})", hit.pin, hit.label));
    matched.push_back(fmt::format("{} '{}'", hit.role, hit.label));
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

core::Finding unjudgeable_finding(const Facts& f, const JudgeContext& context) {
  const auto& top = f.chain.back().facts;
  core::Evidence evidence{{"missing_issuer", top.issuer}, {"cited_by", top.subject}};
  for (const auto& url : top.ca_issuers_urls) evidence.emplace_back("ca_issuers_url", url);
  evidence.emplace_back("fetched", context.fetcher != nullptr ? "attempted, failed" : "not tried");
  auto finding = make_finding(
      FindingCode::cert_chain_incomplete,
      fmt::format("the server did not send the issuer '{}' and it could not be fetched from "
                  "caIssuers: the chain could not be judged",
                  top.issuer),
      std::move(evidence));
  finding.severity = core::Severity::fail;  // no verdict could be proven
  return finding;
}

}  // namespace

Judgement judge_chain(std::span<const std::string> chain_der, std::string_view host,
                      const JudgeContext& context) {
  PROBE_ASSERT(context.clock != nullptr);
  Judgement j;
  if (chain_der.empty()) return j;
  const auto now = context.clock->now();
  Facts f;
  for (const auto& der : chain_der) {
    auto cert = make_cert(der);
    if (cert) {
      f.chain.push_back(std::move(*cert));
    } else if (f.chain.empty()) {
      j.findings.push_back(make_finding(FindingCode::tls_handshake_failed,
                                        "the server's leaf certificate does not parse",
                                        {{"detail", ossl::drain_errors()}}));
      return j;
    }
  }
  ERR_clear_error();
  const CertStore empty_store;
  const CertStore& system = context.system_store != nullptr ? *context.system_store : empty_store;
  const CertStore& pub =
      context.public_roots != nullptr ? *context.public_roots : embedded_public_roots();
  const CertStore pin_store =
      context.pinset != nullptr
          ? CertStore::from_der(context.pinset->anchors(), {}, "pinset " + context.pinset->name)
          : CertStore();

  verify_all(f, context, pin_store, system, pub);
  for (int round = 0; round < k_max_fetch_rounds && !any_verified(f) && context.fetcher != nullptr;
       ++round) {
    if (!fetch_missing_issuer(f, context)) break;
    verify_all(f, context, pin_store, system, pub);
  }
  if (context.pinset != nullptr && f.pinned.ok) collect_pin_hits(f, *context.pinset);
  f.hostname_ok = hostname_matches(f.chain.front(), host);

  if (!f.fetched_urls.empty()) {
    core::Evidence evidence;
    for (const auto& url : f.fetched_urls) evidence.emplace_back("ca_issuers_url", url);
    for (std::size_t i = chain_der.size(); i < f.chain.size(); ++i) {
      evidence.emplace_back("fetched", f.chain[i].facts.subject);
    }
    j.findings.push_back(make_finding(FindingCode::cert_chain_incomplete, {}, std::move(evidence)));
  }

  std::vector<core::Finding> cert_findings;
  const bool dates_failed = judge_dates(f, context, now, cert_findings);
  if (!f.hostname_ok) add_hostname_finding(f, host, cert_findings);
  judge_weakness(f, cert_findings);
  const bool sound = !dates_failed && f.hostname_ok;

  const bool pinned = context.pinset != nullptr && f.pinned.ok && !f.hits.empty();
  const bool genuine = pinned || (context.pinset == nullptr && f.publicly.ok);
  if (!any_verified(f) && issuer_unobtainable(f)) {
    // The chain stops at a certificate whose issuer was neither sent nor fetchable from its
    // caIssuers URL: nothing can be concluded about pins or interception (a genuine server
    // that omits its intermediate behind a port-80 block looks exactly like this).
    j.findings.push_back(unjudgeable_finding(f, context));
  } else if (genuine) {
    if (sound) j.findings.push_back(ok_finding(f, context));
  } else if (context.pinset != nullptr && f.publicly.ok) {
    j.findings.push_back(pin_mismatch_finding(f, context));
  } else {
    const auto x = describe_interception(f, context);
    j.findings.push_back(intercepted_finding(f, x, context, system));
    j.intercepted = true;
    j.verdict.resigning_ca_subject = x.resigning_subject;
    j.verdict.resigning_ca_pin = x.resigning_pin;
    j.verdict.product = x.product;
    j.verdict.hints = x.hints;
  }
  for (auto& finding : cert_findings) j.findings.push_back(std::move(finding));
  fill_verdict(f, context, system, pub, j.verdict);
  for (const auto& cert : f.chain) j.chain_der.push_back(cert.facts.der);
  for (const auto& cert : judged_path(f)) j.path_der.push_back(cert.facts.der);
  return j;
}

void judge_target(core::TargetResult& result, const JudgeContext& context) {
  if (result.tls.status != core::TlsStatus::handshake_ok || result.tls.chain_der.empty()) return;
  JudgeContext local = context;
  if (context.catalog != nullptr) {
    local.pinset =
        result.target.pinset == "none" ? nullptr : context.catalog->find(result.target.pinset);
  }
  auto j = judge_chain(result.tls.chain_der, result.target.host, local);
  if (result.chain.empty()) {
    for (const auto& der : j.chain_der) {
      if (auto facts = describe_certificate(der)) result.chain.push_back(std::move(*facts));
    }
  }
  result.verdict_detail = std::move(j.verdict);
  for (auto& finding : j.findings) result.findings.push_back(std::move(finding));
}

ChainTrust describe_trust(std::span<const std::string> chain_der,
                          const config::PinsetCatalog& catalog, const core::Clock& clock) {
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
