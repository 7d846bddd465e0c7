// CertStore: a set of trusted certificates to verify chains against (a pinset's anchors, the
// system trust store, the embedded public roots). Opaque so that callers need no OpenSSL;
// cheap to copy (shared, immutable) and safe to use from several threads at once.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "platform/trust_store.hpp"

namespace probe::tls {

namespace detail {
struct StoreImpl;  // tls/detail/store_impl.hpp, for tls/ sources only
}

class CertStore {
 public:
  // An empty store: nothing verifies against it.
  CertStore();

  // The certificates of `source` (files, hashed directories, OpenSSL defaults, OS DER lists).
  // Fails (io) naming the file or directory OpenSSL could not load.
  static core::Result<CertStore> from_source(const platform::TrustStoreSource& source);

  // A store trusting exactly `anchors` (DER), with `intermediates` (DER) available to build
  // paths but not trusted. Certificates that do not parse are skipped and counted in
  // skipped(). `description` is shown in evidence.
  static CertStore from_der(std::span<const std::string> anchors,
                            std::span<const std::string> intermediates, std::string description);

  // Number of anchor certificates known by content (0 for directory/default-path stores).
  [[nodiscard]] std::size_t size() const noexcept;
  [[nodiscard]] std::size_t skipped() const noexcept;
  // True when an anchor known by content has RFC 7469 SPKI pin `pin`.
  [[nodiscard]] bool contains_pin(std::string_view pin) const;
  [[nodiscard]] const std::string& description() const noexcept;
  // The DER of an anchor or intermediate of this store that issued `child_der` (names, key
  // identifiers and signature checked), nullopt when none does or `child_der` does not parse.
  [[nodiscard]] std::optional<std::string> issuer_of(std::string_view child_der) const;

  [[nodiscard]] const detail::StoreImpl& impl() const noexcept { return *m_impl; }

 private:
  explicit CertStore(std::shared_ptr<const detail::StoreImpl> impl) : m_impl(std::move(impl)) {}
  std::shared_ptr<const detail::StoreImpl> m_impl;
};

}  // namespace probe::tls
