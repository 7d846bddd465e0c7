#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <fmt/format.h>

#include <algorithm>

#include "connect/classify.hpp"
#include "connect/curl_handle.hpp"
#include "connect/transfer_job.hpp"
#include "core/text.hpp"
#include "lib/openssl/ptr.hpp"
#include "tls/certificate.hpp"

namespace probe::connect {
namespace {

using detail::CurlSlistPtr;

constexpr std::size_t k_max_chain = 32;      // certificates kept from one handshake
constexpr std::size_t k_max_ca_names = 256;  // acceptable CA names kept from one request
// The certificate list accepted from a server (OpenSSL's default, 100 KiB, refuses valid chains
// with many SANs); real chains fit well within 1 MiB, and the bound keeps memory in check.
constexpr long k_max_cert_list = 1L << 20;

// What the OpenSSL callbacks saw during one handshake.
struct TlsCapture {
  bool tls_started = false;  // curl set up TLS: the TCP connection (or proxy tunnel) is up
  bool chain_seen = false;
  std::size_t presented = 0;  // certificates the server sent (chain_der keeps k_max_chain)
  bool requested = false;
  std::vector<std::string> ca_names;
  std::vector<std::string> chain_der;
  std::string version;
  std::string cipher;
  std::string alpn;
  core::TlsFailure handshake;  // what the hellos, key exchange and alerts showed
};

int capture_index() {
  static const int k_index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return k_index;
}

void record_session(const SSL* ssl, TlsCapture& cap) {
  if (ssl == nullptr) return;
  cap.version = SSL_get_version(ssl);
  if (const SSL_CIPHER* c = SSL_get_current_cipher(ssl)) cap.cipher = SSL_CIPHER_get_name(c);
  const unsigned char* alpn = nullptr;
  unsigned int alpn_len = 0;
  SSL_get0_alpn_selected(ssl, &alpn, &alpn_len);
  if (alpn != nullptr && alpn_len > 0) {
    cap.alpn = core::bound(std::string_view(reinterpret_cast<const char*>(alpn), alpn_len), 64);
  }
}

// Replaces certificate verification: keeps the chain exactly as presented and accepts it
// (verification belongs to the judge, with its own trust stores).
int capture_chain(X509_STORE_CTX* store, void* arg) noexcept {
  auto* cap = static_cast<TlsCapture*>(arg);
  if (cap == nullptr) return 1;
  try {
    cap->chain_seen = true;
    cap->chain_der.clear();
    STACK_OF(X509)* presented = X509_STORE_CTX_get0_untrusted(store);
    if (presented != nullptr) {
      const int n = sk_X509_num(presented);
      cap->presented = static_cast<std::size_t>(std::max(n, 0));
      for (int i = 0; i < n && cap->chain_der.size() < k_max_chain; ++i) {
        cap->chain_der.push_back(lib::openssl::der_of(sk_X509_value(presented, i)));
      }
    } else if (X509* leaf = X509_STORE_CTX_get0_cert(store)) {
      cap->chain_der.push_back(lib::openssl::der_of(leaf));
    }
    const auto* ssl = static_cast<const SSL*>(
        X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    record_session(ssl, *cap);
  } catch (...) {
    return 1;
  }
  return 1;
}

// Records a CertificateRequest and its acceptable CA names; sends no certificate.
int on_client_cert(SSL* ssl, X509** /*cert*/, EVP_PKEY** /*key*/) noexcept {
  auto* cap = static_cast<TlsCapture*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), capture_index()));
  if (cap == nullptr) return 0;
  try {
    cap->requested = true;
    cap->ca_names.clear();
    const STACK_OF(X509_NAME)* names = SSL_get_client_CA_list(ssl);
    const int n = names == nullptr ? 0 : sk_X509_NAME_num(names);
    for (int i = 0; i < n && cap->ca_names.size() < k_max_ca_names; ++i) {
      cap->ca_names.push_back(lib::openssl::name_text(sk_X509_NAME_value(names, i)));
    }
  } catch (...) {
    return 0;
  }
  return 0;
}

// Records the final protocol, cipher and ALPN when the handshake completes (during certificate
// verification a TLS 1.2 session has no current cipher yet).
void on_info(const SSL* ssl, int where, int /*ret*/) noexcept {
  if ((where & SSL_CB_HANDSHAKE_DONE) == 0) return;
  auto* cap = static_cast<TlsCapture*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), capture_index()));
  if (cap == nullptr) return;
  try {
    record_session(ssl, *cap);
  } catch (...) {
    // Bounded strings only; on allocation failure the session facts stay as captured.
  }
}

std::string version_name(unsigned version) {
  switch (version) {
    case 0x0300:
      return "SSLv3";
    case 0x0301:
      return "TLSv1";
    case 0x0302:
      return "TLSv1.1";
    case 0x0303:
      return "TLSv1.2";
    case 0x0304:
      return "TLSv1.3";
    default:
      return fmt::format("0x{:04x}", version);
  }
}

// A bounds-checked reader over one handshake message (RFC 8446 section 4 wire format).
class HelloReader {
 public:
  HelloReader(const unsigned char* data, std::size_t size) : m_data(data), m_size(size) {}
  [[nodiscard]] bool ok() const noexcept { return m_ok; }
  unsigned number(std::size_t bytes) {
    unsigned value = 0;
    if (!need(bytes)) return 0;
    for (std::size_t i = 0; i < bytes; ++i) value = (value << 8U) | m_data[m_at + i];
    m_at += bytes;
    return value;
  }
  const unsigned char* take(std::size_t bytes) {
    if (!need(bytes)) return nullptr;
    const auto* at = m_data + m_at;
    m_at += bytes;
    return at;
  }
  void skip(std::size_t bytes) { (void)take(bytes); }

 private:
  bool need(std::size_t bytes) {
    if (m_ok && m_size - m_at >= bytes) return true;
    m_ok = false;
    return false;
  }
  const unsigned char* m_data;
  std::size_t m_size;
  std::size_t m_at = 0;
  bool m_ok = true;
};

constexpr unsigned k_ext_supported_versions = 43;  // RFC 8446 section 4.2.1

// Calls `each(type, reader)` for each extension of the block at `r`'s position.
template <class Each>
void for_each_extension(HelloReader& r, Each each) {
  const unsigned total = r.number(2);
  const unsigned char* block = r.take(total);
  if (block == nullptr) return;
  HelloReader exts(block, total);
  while (exts.ok()) {
    const unsigned type = exts.number(2);
    const unsigned len = exts.number(2);
    const unsigned char* body = exts.take(len);
    if (body == nullptr) return;
    HelloReader ext(body, len);
    each(type, ext);
  }
}

std::string join_versions(HelloReader& r) {
  std::string out;
  const unsigned len = r.number(1);
  for (unsigned i = 0; i + 1 < len && r.ok(); i += 2) {
    const unsigned v = r.number(2);
    if ((v & 0x0f0fU) == 0x0a0aU) continue;  // GREASE (RFC 8701)
    out += (out.empty() ? "" : ", ") + version_name(v);
  }
  return out;
}

// pinprobe's ClientHello: the versions and suites it offered.
void read_client_hello(const unsigned char* body, std::size_t size, SSL* ssl, TlsCapture& cap) {
  HelloReader r(body, size);
  const unsigned legacy = r.number(2);
  r.skip(32);
  r.skip(r.number(1));
  const unsigned suites_len = r.number(2);
  const unsigned char* suites = r.take(suites_len);
  r.skip(r.number(1));
  if (!r.ok() || suites == nullptr) return;
  std::string names;
  for (unsigned i = 0; i + 1 < suites_len; i += 2) {
    const SSL_CIPHER* c = SSL_CIPHER_find(ssl, suites + i);
    const std::string_view name = c != nullptr ? SSL_CIPHER_get_name(c) : "";
    if (name.empty() || name.ends_with("_SCSV")) continue;  // signalling values, not suites
    names += (names.empty() ? "" : ":") + std::string(name);
  }
  std::string versions;
  for_each_extension(r, [&versions](unsigned type, HelloReader& ext) {
    if (type == k_ext_supported_versions) versions = join_versions(ext);
  });
  cap.handshake.offered_versions = versions.empty() ? version_name(legacy) : versions;
  cap.handshake.offered_ciphers = core::bound(names, 4096);
  cap.handshake.security_level = SSL_get_security_level(ssl);
}

// The ServerHello: the version and suite the server chose.
void read_server_hello(const unsigned char* body, std::size_t size, SSL* ssl, TlsCapture& cap) {
  HelloReader r(body, size);
  unsigned version = r.number(2);
  r.skip(32);
  r.skip(r.number(1));
  const unsigned char* suite = r.take(2);
  r.skip(1);
  if (!r.ok() || suite == nullptr) return;
  for_each_extension(r, [&version](unsigned type, HelloReader& ext) {
    if (type == k_ext_supported_versions) version = ext.number(2);
  });
  cap.handshake.server_version = version_name(version);
  if (const SSL_CIPHER* c = SSL_CIPHER_find(ssl, suite)) {
    cap.handshake.server_cipher = SSL_CIPHER_get_name(c);
  }
}

// A DHE ServerKeyExchange starts with the prime p (RFC 5246 section 7.4.3): its size in bits.
int dh_prime_bits(const unsigned char* body, std::size_t size) {
  HelloReader r(body, size);
  const unsigned len = r.number(2);
  const unsigned char* p = r.take(len);
  if (p == nullptr) return 0;
  std::size_t i = 0;
  while (i < len && p[i] == 0) ++i;
  if (i == len) return 0;
  int bits = static_cast<int>((len - i) * 8);
  for (unsigned top = p[i]; (top & 0x80U) == 0; top <<= 1U) --bits;
  return bits;
}

// Records the hellos, the DHE group and the alerts of a handshake, so that a failure can name
// what each side offered and wanted (SSL_CTX_set_msg_callback(3)).
void on_message(int write_p, int /*version*/, int content_type, const void* buf, std::size_t len,
                SSL* ssl, void* arg) noexcept {
  auto* cap = static_cast<TlsCapture*>(arg);
  if (cap == nullptr || buf == nullptr) return;
  const auto* bytes = static_cast<const unsigned char*>(buf);
  try {
    if (content_type == SSL3_RT_ALERT && len >= 2) {
      (write_p != 0 ? cap->handshake.alert_sent : cap->handshake.alert_received) = bytes[1];
      return;
    }
    if (content_type != SSL3_RT_HANDSHAKE || len < 4) return;
    const unsigned char type = bytes[0];
    const unsigned char* body = bytes + 4;
    const std::size_t size = len - 4;
    if (write_p != 0 && type == SSL3_MT_CLIENT_HELLO) {
      read_client_hello(body, size, ssl, *cap);
    } else if (write_p == 0 && type == SSL3_MT_SERVER_HELLO) {
      read_server_hello(body, size, ssl, *cap);
    } else if (write_p == 0 && type == SSL3_MT_SERVER_KEY_EXCHANGE) {
      const SSL_CIPHER* c = SSL_get_pending_cipher(ssl);
      if (c == nullptr) c = SSL_get_current_cipher(ssl);
      if (c != nullptr && SSL_CIPHER_get_kx_nid(c) == NID_kx_dhe) {
        cap->handshake.dh_bits = dh_prime_bits(body, size);
      }
    }
  } catch (...) {
    // Bounded strings only; on allocation failure the facts stay as captured.
  }
}

CURLcode on_ssl_ctx(CURL* /*easy*/, void* ssl_ctx, void* user) noexcept {
  auto* ctx = static_cast<SSL_CTX*>(ssl_ctx);
  if (user != nullptr) static_cast<TlsCapture*>(user)->tls_started = true;
  SSL_CTX_set_ex_data(ctx, capture_index(), user);
  SSL_CTX_set_cert_verify_callback(ctx, &capture_chain, user);
  SSL_CTX_set_client_cert_cb(ctx, &on_client_cert);
  SSL_CTX_set_info_callback(ctx, &on_info);
  SSL_CTX_set_msg_callback(ctx, &on_message);
  SSL_CTX_set_msg_callback_arg(ctx, user);
  SSL_CTX_set_max_cert_list(ctx, k_max_cert_list);
  if (user != nullptr) {
    static_cast<TlsCapture*>(user)->handshake.limit_bytes =
        static_cast<std::size_t>(k_max_cert_list);
  }
  return CURLE_OK;
}

core::Millis micros_to_ms(curl_off_t us) { return core::Millis{static_cast<long long>(us / 1000)}; }

class HandshakeJob final : public detail::TransferJob {
 public:
  HandshakeJob(ConnectRequest request, const core::ProbeSettings& settings, Connector::Done done)
      : m_request(std::move(request)), m_settings(settings), m_done(std::move(done)) {}

  bool setup(core::Millis timeout) override {
    const auto& t = m_request.target;
    m_easy.reset(curl_easy_init());
    if (!m_easy) return false;
    CURL* easy = m_easy.get();
    m_url = fmt::format("https://{}:{}/", t.host, t.port);
    detail::set_common_options(easy, m_error, m_settings, m_request.proxy, timeout, m_headers);
    curl_easy_setopt(easy, CURLOPT_URL, m_url.c_str());
    curl_easy_setopt(easy, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_SESSIONID_CACHE, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_CTX_FUNCTION, &on_ssl_ctx);
    curl_easy_setopt(easy, CURLOPT_SSL_CTX_DATA, &m_tls);
    if (!m_request.proxy.direct()) curl_easy_setopt(easy, CURLOPT_HTTPPROXYTUNNEL, 1L);
    if (!m_request.address.empty()) {
      const auto entry = detail::resolve_entry(t.host, t.port, m_request.address);
      m_resolve_list.reset(curl_slist_append(nullptr, entry.c_str()));
      curl_easy_setopt(easy, CURLOPT_RESOLVE, m_resolve_list.get());
    }
    return true;
  }

  void fail(const std::string& why) override {
    ConnectResult r;
    r.tcp.status = core::TcpStatus::error;
    r.tcp.detail = why;
    r.findings.push_back(core::make_finding(core::FindingCode::probe_incomplete, why));
    deliver(std::move(r));
  }

  void finish(CURLcode code) override {
    core::TargetResult r;  // judge_connection reads a target's outcomes
    r.target = m_request.target;
    CURL* easy = m_easy.get();
    TransferFacts facts;
    facts.curl_code = code;
    curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &facts.os_errno);
    curl_easy_getinfo(easy, CURLINFO_HTTP_CONNECTCODE, &facts.connect_code);
    curl_off_t connect_us = 0;
    curl_off_t app_us = 0;
    curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connect_us);
    curl_easy_getinfo(easy, CURLINFO_APPCONNECT_TIME_T, &app_us);
    facts.tcp_connected = connect_us > 0 || m_tls.tls_started || m_tls.chain_seen;
    facts.proxied = !m_request.proxy.direct();
    facts.error = m_error.data();
    facts.handshake = m_tls.handshake;
    char* ip = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip);
    if (ip != nullptr) facts.address = ip;
    curl_easy_getinfo(easy, CURLINFO_PRIMARY_PORT, &facts.port);
    if (facts.address.empty()) facts.address = m_request.address;
    if (facts.port == 0) facts.port = m_request.target.port;
    classify_transfer(facts, r.tcp, r.proxy, r.tls);
    r.tcp.elapsed = micros_to_ms(connect_us);
    if (app_us > connect_us) r.tls.elapsed = micros_to_ms(app_us - connect_us);
    if (facts.proxied) {
      r.proxy.proxy = redact_proxy(m_request.proxy.url);
      r.proxy.server = m_headers.server;
      r.proxy.via = m_headers.via;
    }
    r.tls.client_cert_requested = m_tls.requested;
    r.tls.acceptable_ca_names = std::move(m_tls.ca_names);
    r.tls.chain_der = std::move(m_tls.chain_der);
    r.tls.version = m_tls.version;
    r.tls.cipher = m_tls.cipher;
    r.tls.alpn = m_tls.alpn;
    ConnectResult out;
    if (m_tls.presented > k_max_chain) {
      // A cut chain would be judged as something it is not (a re-signed one): it is not judged.
      out.findings.push_back(core::make_finding(
          core::FindingCode::tls_probe_limit,
          fmt::format("the server sent {} certificates; pinprobe keeps at most {} and does not "
                      "judge a cut chain",
                      m_tls.presented, k_max_chain),
          {{"cause", "chain_too_long"},
           {"presented", std::to_string(m_tls.presented)},
           {"limit", std::to_string(k_max_chain)}}));
      r.tls.chain_der.clear();
    }
    for (const auto& der : r.tls.chain_der) {
      if (auto facts_of = tls::describe_certificate(der)) r.chain.push_back(std::move(*facts_of));
    }
    auto found = judge_connection(r);
    out.findings.insert(out.findings.end(), found.begin(), found.end());
    out.tcp = std::move(r.tcp);
    out.proxy = std::move(r.proxy);
    out.tls = std::move(r.tls);
    out.chain = std::move(r.chain);
    deliver(std::move(out));
  }

 private:
  void deliver(ConnectResult result) {
    auto done = std::move(m_done);
    m_done = nullptr;
    if (done) done(std::move(result));
  }

  ConnectRequest m_request;
  const core::ProbeSettings& m_settings;
  Connector::Done m_done;
  CurlSlistPtr m_resolve_list;
  std::array<char, CURL_ERROR_SIZE> m_error{};
  detail::HeaderCapture m_headers;
  TlsCapture m_tls;
  std::string m_url;
};

}  // namespace

namespace detail {

std::unique_ptr<TransferJob> make_handshake_job(ConnectRequest request,
                                                const core::ProbeSettings& settings,
                                                Connector::Done done) {
  return std::make_unique<HandshakeJob>(std::move(request), settings, std::move(done));
}

}  // namespace detail

}  // namespace probe::connect
