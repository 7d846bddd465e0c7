#include "lib/openssl/ptr.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <functional>
#include <mutex>
#include <unordered_map>

#include "core/narrow.hpp"
#include "core/string_hash.hpp"
#include "core/text.hpp"
#include "lib/openssl/version.hpp"

namespace probe::lib::openssl {

X509Ptr up_ref(X509* borrowed) noexcept {
  if (borrowed == nullptr || X509_up_ref(borrowed) != 1) return X509Ptr{};
  return X509Ptr{borrowed};
}

std::string der_of(const X509* cert) { return to_der<&i2d_X509>(cert); }

namespace {

// The certificates x509_from_der parsed, by their DER bytes. OpenSSL 3 decodes the public key
// of each d2i_X509 through its decoder framework (about 1.2 M instructions a certificate),
// and a run sees the same few chains on every target, each certificate looked at by several
// stages: each is parsed once and then shared by reference (X509 is reference counted; the
// users only read it). Bounded: past k_max_entries certificates or k_max_bytes of DER (a
// hostile server's huge certificates) further ones are parsed and not kept.
class ParsedCache {
 public:
  static constexpr std::size_t k_max_entries = 4096;
  static constexpr std::size_t k_max_bytes = std::size_t{8} << 20;

  X509Ptr get(std::string_view der) {
    const std::lock_guard lock(m_mutex);
    if (const auto it = m_parsed.find(der); it != m_parsed.end()) return up_ref(it->second.get());
    auto cert = from_der<X509Ptr, &d2i_X509>(der);
    if (cert && m_parsed.size() < k_max_entries && m_bytes + der.size() <= k_max_bytes) {
      auto shared = up_ref(cert.get());
      if (shared) {
        m_parsed.emplace(std::string(der), std::move(shared));
        m_bytes += der.size();
      }
    }
    return cert;
  }

 private:
  std::mutex m_mutex;
  std::unordered_map<std::string, X509Ptr, core::StringHash, std::equal_to<>> m_parsed;
  std::size_t m_bytes = 0;
};

}  // namespace

X509Ptr x509_from_der(std::string_view der) {
  // Never destroyed: the certificates must not be freed after OPENSSL_cleanup at exit.
  static auto* const k_cache = new ParsedCache;  // NOLINT(cppcoreguidelines-owning-memory)
  return k_cache->get(der);
}

std::string pem_of(std::string_view der) {
  const auto cert = x509_from_der(der);
  const BioPtr bio{BIO_new(BIO_s_mem())};
  if (!cert || !bio || PEM_write_bio_X509(bio.get(), cert.get()) != 1) return {};
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  if (data == nullptr || len <= 0) return {};
  return std::string(data, static_cast<std::size_t>(len));
}

std::string name_text(const X509_NAME* name, std::size_t max_bytes) {
  const BioPtr bio{BIO_new(BIO_s_mem())};
  if (name == nullptr || !bio ||
      X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
    return {};
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  if (data == nullptr || len <= 0) return {};
  return core::bound(std::string_view(data, static_cast<std::size_t>(len)), max_bytes);
}

bool names_equal(const X509_NAME* a, const X509_NAME* b) noexcept {
  return a != nullptr && b != nullptr && X509_NAME_cmp(a, b) == 0;
}

core::SysTime to_sys_time(const ASN1_TIME* time) noexcept {
  struct tm tm {};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return {};
  const auto days = std::chrono::sys_days{std::chrono::year{tm.tm_year + 1900} /
                                          std::chrono::month{static_cast<unsigned>(tm.tm_mon + 1)} /
                                          std::chrono::day{static_cast<unsigned>(tm.tm_mday)}};
  const std::chrono::sys_seconds at = days + std::chrono::hours{tm.tm_hour} +
                                      std::chrono::minutes{tm.tm_min} +
                                      std::chrono::seconds{tm.tm_sec};
  // SysTime counts nanoseconds (years 1678-2261): a certificate or CRL may carry any year up
  // to 9999 (fuzz_crl: a GeneralizedTime in 2701 overflowed the conversion). Clamp.
  constexpr auto k_max = std::chrono::floor<std::chrono::seconds>(core::SysTime::max());
  constexpr auto k_min = std::chrono::ceil<std::chrono::seconds>(core::SysTime::min());
  if (at.time_since_epoch() >= k_max.time_since_epoch()) {
    return core::SysTime{k_max.time_since_epoch()};
  }
  if (at.time_since_epoch() <= k_min.time_since_epoch()) {
    return core::SysTime{k_min.time_since_epoch()};
  }
  return core::SysTime{at.time_since_epoch()};
}

std::string drain_errors() {
  std::string out;
  for (unsigned long code = ERR_get_error(); code != 0; code = ERR_get_error()) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!out.empty()) out += "; ";
    out += buffer;
  }
  return out;
}

BioPtr read_only_bio(const void* bytes, std::size_t size) {
  return BioPtr{BIO_new_mem_buf(bytes, core::narrow<int>(size))};
}

}  // namespace probe::lib::openssl

namespace probe::lib::openssl {
std::string version() { return OpenSSL_version(OPENSSL_VERSION); }
}  // namespace probe::lib::openssl
