#include "tls/cert_store.hpp"

#include <openssl/err.h>
#include <openssl/x509_vfy.h>

#include <fmt/format.h>

#include "core/narrow.hpp"
#include "tls/certificate.hpp"
#include "tls/detail/store_impl.hpp"

namespace probe::tls {
namespace {

namespace ossl = lib::openssl;

std::shared_ptr<detail::StoreImpl> new_impl(std::string description) {
  auto impl = std::make_shared<detail::StoreImpl>();
  impl->store.reset(X509_STORE_new());
  impl->intermediates.reset(sk_X509_new_null());
  impl->description = std::move(description);
  return impl;
}

void add_anchor(detail::StoreImpl& impl, std::string_view der) {
  auto cert = ossl::x509_from_der(der);
  if (!cert || X509_STORE_add_cert(impl.store.get(), cert.get()) != 1) {
    // A duplicate anchor is not an error; anything else skips the certificate.
    const auto reason = ERR_GET_REASON(ERR_peek_last_error());
    ERR_clear_error();
    if (cert && reason == X509_R_CERT_ALREADY_IN_HASH_TABLE) return;
    ++impl.skipped;
    return;
  }
  ++impl.count;
  if (auto pin = spki_pin_of(der)) impl.pins.insert(*pin);
}

void add_intermediates(detail::StoreImpl& impl, std::span<const std::string> intermediates) {
  for (const auto& der : intermediates) {
    auto cert = ossl::x509_from_der(der);
    if (cert && sk_X509_push(impl.intermediates.get(), cert.get()) > 0) {
      static_cast<void>(cert.release());  // now owned by the stack
    } else {
      ++impl.skipped;
    }
  }
  ERR_clear_error();
}

}  // namespace

CertStore::CertStore() : m_impl(new_impl("empty store")) {}

CertStore CertStore::from_der(std::span<const std::string> anchors,
                              std::span<const std::string> intermediates, std::string description) {
  auto impl = new_impl(std::move(description));
  for (const auto& der : anchors) add_anchor(*impl, der);
  add_intermediates(*impl, intermediates);
  return CertStore(std::move(impl));
}

core::Result<CertStore> CertStore::from_source(const platform::TrustStoreSource& source) {
  auto impl = new_impl(source.description);
  ERR_clear_error();
  if (source.openssl_defaults && X509_STORE_set_default_paths(impl->store.get()) != 1) {
    return core::unexpected(
        core::ErrorKind::io,
        fmt::format("cannot load OpenSSL's default trust store: {}", ossl::drain_errors()));
  }
  for (const auto& file : source.files) {
    if (X509_STORE_load_file(impl->store.get(), file.c_str()) != 1) {
      return core::unexpected(core::ErrorKind::io, fmt::format("{}: cannot load CA file: {}", file,
                                                               ossl::drain_errors()));
    }
  }
  for (const auto& dir : source.directories) {
    if (X509_STORE_load_path(impl->store.get(), dir.c_str()) != 1) {
      return core::unexpected(core::ErrorKind::io, fmt::format("{}: cannot use CA directory: {}",
                                                               dir, ossl::drain_errors()));
    }
  }
  for (const auto& der : source.anchors_der) add_anchor(*impl, der);
  add_intermediates(*impl, source.intermediates_der);
  ERR_clear_error();
  return CertStore(std::move(impl));
}

std::size_t CertStore::size() const noexcept { return m_impl->count; }
std::size_t CertStore::skipped() const noexcept { return m_impl->skipped; }
bool CertStore::contains_pin(std::string_view pin) const { return m_impl->pins.contains(pin); }
const std::string& CertStore::description() const noexcept { return m_impl->description; }

std::optional<std::string> CertStore::issuer_of(std::string_view child_der) const {
  const ossl::X509Ptr child = ossl::x509_from_der(child_der);
  if (!child || !m_impl->store) {
    ERR_clear_error();
    return std::nullopt;
  }
  std::optional<std::string> found;
  ossl::X509StoreCtxPtr ctx{X509_STORE_CTX_new()};
  if (ctx && X509_STORE_CTX_init(ctx.get(), m_impl->store.get(), child.get(), nullptr) == 1) {
    X509* issuer = nullptr;
    if (X509_STORE_CTX_get1_issuer(&issuer, ctx.get(), child.get()) == 1 && issuer != nullptr) {
      const ossl::X509Ptr owned{issuer};
      if (X509_verify(child.get(), X509_get0_pubkey(issuer)) == 1) found = ossl::der_of(issuer);
    }
  }
  for (int i = 0; !found && m_impl->intermediates && i < sk_X509_num(m_impl->intermediates.get());
       ++i) {
    X509* candidate = sk_X509_value(m_impl->intermediates.get(), i);
    if (X509_check_issued(candidate, child.get()) == X509_V_OK &&
        X509_verify(child.get(), X509_get0_pubkey(candidate)) == 1) {
      found = ossl::der_of(candidate);
    }
  }
  ERR_clear_error();
  return found;
}

}  // namespace probe::tls
