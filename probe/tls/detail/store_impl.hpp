// The inside of a CertStore. Included only by tls/ .cpp files (it carries OpenSSL types).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "lib/openssl/ptr.hpp"

namespace probe::tls::detail {

// One X509_verify_cert outcome against this store, as bytes: `path` is the verified path's DER,
// leaf first; `error` OpenSSL's words when not ok.
struct VerifiedPath {
  bool ok = false;
  std::string error;
  std::vector<std::string> path;
};

// Verification outcomes by (the chain's DER, partial): verification runs without dates
// (X509_V_FLAG_NO_CHECK_TIME), so against an unchanging store it is a function of the bytes.
// The targets of a run present the same few chains: each is verified once per store. Bounded:
// past k_max_verified chains the outcome is computed and not kept.
class VerifyMemo {
 public:
  static constexpr std::size_t k_max_verified = 1024;

  std::optional<VerifiedPath> find(const std::string& key) const {
    const std::lock_guard lock(m_mutex);
    const auto it = m_paths.find(key);
    if (it == m_paths.end()) return std::nullopt;
    return it->second;
  }
  void keep(std::string key, VerifiedPath path) const {
    const std::lock_guard lock(m_mutex);
    if (m_paths.size() < k_max_verified) m_paths.emplace(std::move(key), std::move(path));
  }

 private:
  mutable std::mutex m_mutex;
  mutable std::map<std::string, VerifiedPath, std::less<>> m_paths;
};

struct StoreImpl {
  lib::openssl::X509StorePtr store;
  lib::openssl::X509StackPtr intermediates;  // untrusted path helpers, may be empty
  std::set<std::string, std::less<>> pins;   // SPKI pins of anchors known by content
  std::size_t count = 0;
  std::size_t skipped = 0;
  std::string description;
  VerifyMemo verified;  // filled by the judge's verify(); the store itself never changes
};

}  // namespace probe::tls::detail
