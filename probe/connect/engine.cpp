#include "connect/engine.hpp"

#include <curl/curl.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>

#include "connect/classify.hpp"
#include "connect/curl_handle.hpp"
#include "core/text.hpp"
#include "lib/openssl/ptr.hpp"
#include "resolve/address.hpp"
#include "tls/certificate.hpp"

namespace probe::connect {
namespace {

using detail::CurlEasyPtr;
using detail::CurlMultiPtr;
using detail::CurlSlistPtr;

constexpr std::size_t k_max_chain = 32;      // certificates kept from one handshake
constexpr std::size_t k_max_ca_names = 256;  // acceptable CA names kept from one request

// What the OpenSSL callbacks saw during one handshake.
struct TlsCapture {
  bool tls_started = false;  // curl set up TLS: the TCP connection (or proxy tunnel) is up
  bool chain_seen = false;
  bool requested = false;
  std::vector<std::string> ca_names;
  std::vector<std::string> chain_der;
  std::string version;
  std::string cipher;
  std::string alpn;
};

int capture_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

std::string der_of(X509* cert) {
  const int len = i2d_X509(cert, nullptr);
  if (len <= 0) return {};
  std::string der(static_cast<std::size_t>(len), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_X509(cert, &out) != len) return {};
  return der;
}

std::string name_text(const X509_NAME* name) {
  auto bio = lib::openssl::BioPtr(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  if (size <= 0 || data == nullptr) return {};
  return core::bound(std::string_view(data, static_cast<std::size_t>(size)), 1024);
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
      for (int i = 0; i < n && cap->chain_der.size() < k_max_chain; ++i) {
        cap->chain_der.push_back(der_of(sk_X509_value(presented, i)));
      }
    } else if (X509* leaf = X509_STORE_CTX_get0_cert(store)) {
      cap->chain_der.push_back(der_of(leaf));
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
      cap->ca_names.push_back(name_text(sk_X509_NAME_value(names, i)));
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

CURLcode on_ssl_ctx(CURL* /*easy*/, void* ssl_ctx, void* user) noexcept {
  auto* ctx = static_cast<SSL_CTX*>(ssl_ctx);
  if (user != nullptr) static_cast<TlsCapture*>(user)->tls_started = true;
  SSL_CTX_set_ex_data(ctx, capture_index(), user);
  SSL_CTX_set_cert_verify_callback(ctx, &capture_chain, user);
  SSL_CTX_set_client_cert_cb(ctx, &on_client_cert);
  SSL_CTX_set_info_callback(ctx, &on_info);
  return CURLE_OK;
}

core::Millis micros_to_ms(curl_off_t us) { return core::Millis{static_cast<long long>(us / 1000)}; }

// One connection attempt: a target's result slot and the handle probing it.
struct Job {
  std::size_t target = 0;
  std::size_t slot = 0;
  std::string address;  // pinned address; empty through a proxy
  ProxyChoice proxy;
  CurlEasyPtr easy;
  CurlSlistPtr resolve_list;
  std::array<char, CURL_ERROR_SIZE> error{};
  detail::HeaderCapture headers;
  TlsCapture tls;
  std::string url;
};

class Engine {
 public:
  Engine(const core::Plan& plan, const core::ProbeSettings& settings, const core::Clock& clock,
         resolve::Resolver& resolver, const EnvFn& env, const ProgressFn& progress)
      : m_plan(plan),
        m_settings(settings),
        m_clock(clock),
        m_resolver(resolver),
        m_env(env),
        m_progress(progress),
        m_multi(curl_multi_init()) {}

  ~Engine() {
    for (auto& [easy, job] : m_active) curl_multi_remove_handle(m_multi.get(), easy);
  }
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  core::Result<std::vector<core::TargetResult>> run() {
    if (!m_multi) return core::unexpected(core::ErrorKind::internal, "curl_multi_init failed");
    const auto deadline_at = m_clock.steady_now() + m_settings.deadline;
    m_slots.resize(m_plan.targets.size());
    m_open.assign(m_plan.targets.size(), 0);
    m_done.assign(m_plan.targets.size(), false);
    for (std::size_t i = 0; i < m_plan.targets.size(); ++i) {
      core::TargetResult r;
      r.target = m_plan.targets[i];
      m_slots[i].push_back(std::move(r));
    }
    start_resolution();
    // Bounded: every pass waits at most 200 ms and the loop ends at the deadline.
    while (m_resolver.busy() || !m_active.empty() || !m_pending.empty()) {
      start_pending();
      const auto now = m_clock.steady_now();
      if (now >= deadline_at) break;
      const auto left = std::chrono::duration_cast<core::Millis>(deadline_at - now);
      step(std::min(left + core::Millis{1}, core::Millis{200}));
    }
    mark_incomplete();
    std::vector<core::TargetResult> out;
    for (auto& slots : m_slots) {
      for (auto& r : slots) out.push_back(std::move(r));
    }
    return out;
  }

 private:
  void start_resolution() {
    std::map<std::string, std::vector<std::size_t>> hosts;
    m_proxied.assign(m_plan.targets.size(), false);
    for (std::size_t i = 0; i < m_plan.targets.size(); ++i) {
      const auto& t = m_plan.targets[i];
      const auto proxy = choose_proxy("https", t.host, m_settings, m_env);
      if (!proxy.direct()) {
        // The proxy resolves the name: connect at once; local resolution is information.
        m_proxied[i] = true;
        m_slots[i][0].proxy.proxy = redact_proxy(proxy.url);
        queue(i, 0, {}, proxy);
      }
      const auto over = std::find_if(m_settings.resolve.begin(), m_settings.resolve.end(),
                                     [&t](const core::ResolveOverride& o) {
                                       return core::to_lower(o.host) == core::to_lower(t.host) &&
                                              o.port == t.port;
                                     });
      if (over != m_settings.resolve.end()) {
        core::DnsOutcome dns;
        dns.status = core::DnsStatus::ok;
        dns.from_override = true;
        dns.resolver = "--resolve";
        dns.addresses.push_back(
            {over->address, over->address.find(':') == std::string::npos ? 4 : 6, 0});
        m_pending_dns.emplace_back(i, std::move(dns));
      } else {
        hosts[t.host].push_back(i);
      }
      ++m_open[i];  // the name's resolution
    }
    for (auto& [i, dns] : m_pending_dns) on_dns(i, dns);
    m_pending_dns.clear();
    for (auto& [host, targets] : hosts) {
      m_resolver.resolve(host, m_settings.family,
                         [this, targets = targets](const core::DnsOutcome& dns) {
                           for (const auto i : targets) on_dns(i, dns);
                         });
    }
  }

  void on_dns(std::size_t i, const core::DnsOutcome& dns) {
    auto& base = m_slots[i][0];
    base.dns = dns;
    if (m_proxied[i]) {
      auto found = resolve::judge_dns(dns, true);
      base.findings.insert(base.findings.begin(), found.begin(), found.end());
      slot_done(i);
      return;
    }
    base.findings = resolve::judge_dns(dns, false);
    --m_open[i];  // resolution done; connections (if any) are counted from here
    if (resolve::dns_blocks_connect(dns)) {
      finish_target(i);
      return;
    }
    std::vector<std::string> addresses;
    for (const auto& a : dns.addresses) {
      if (m_settings.family == core::AddressFamily::v4 && a.family != 4) continue;
      if (m_settings.family == core::AddressFamily::v6 && a.family != 6) continue;
      if (!dns.from_override &&
          resolve::classify_address(a.address) == resolve::AddressClass::sinkhole) {
        continue;
      }
      addresses.push_back(a.address);
    }
    if (addresses.empty()) {
      base.findings.push_back(core::make_finding(
          core::FindingCode::dns_no_address, "no address of the requested family",
          {{"family", m_settings.family == core::AddressFamily::v4 ? "4" : "6"}}));
      finish_target(i);
      return;
    }
    if (!m_settings.all_addresses) addresses.resize(1);
    for (std::size_t k = 1; k < addresses.size(); ++k) m_slots[i].push_back(base);
    for (std::size_t k = 0; k < addresses.size(); ++k) queue(i, k, addresses[k], {});
  }

  void queue(std::size_t target, std::size_t slot, std::string address, ProxyChoice proxy) {
    auto job = std::make_unique<Job>();
    job->target = target;
    job->slot = slot;
    job->address = std::move(address);
    job->proxy = std::move(proxy);
    ++m_open[target];
    m_pending.push_back(std::move(job));
  }

  void start_pending() {
    const auto limit = static_cast<std::size_t>(std::max(m_settings.concurrency, 1));
    while (!m_pending.empty() && m_active.size() < limit) {
      auto job = std::move(m_pending.front());
      m_pending.pop_front();
      start(std::move(job));
    }
  }

  void start(std::unique_ptr<Job> job) {
    const auto& t = m_plan.targets[job->target];
    job->easy.reset(curl_easy_init());
    if (!job->easy) {
      job_failed(*job, "curl_easy_init failed");
      return;
    }
    CURL* easy = job->easy.get();
    job->url = fmt::format("https://{}:{}/", t.host, t.port);
    detail::set_common_options(easy, job->error, m_settings, job->proxy);
    curl_easy_setopt(easy, CURLOPT_URL, job->url.c_str());
    curl_easy_setopt(easy, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(std::max<long long>(m_settings.timeout.count(), 1)));
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_SESSIONID_CACHE, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_CTX_FUNCTION, &on_ssl_ctx);
    curl_easy_setopt(easy, CURLOPT_SSL_CTX_DATA, &job->tls);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &detail::capture_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &job->headers);
    if (!job->proxy.direct()) curl_easy_setopt(easy, CURLOPT_HTTPPROXYTUNNEL, 1L);
    if (!job->address.empty()) {
      const auto entry = detail::resolve_entry(t.host, t.port, job->address);
      job->resolve_list.reset(curl_slist_append(nullptr, entry.c_str()));
      curl_easy_setopt(easy, CURLOPT_RESOLVE, job->resolve_list.get());
    }
    if (curl_multi_add_handle(m_multi.get(), easy) != CURLM_OK) {
      job_failed(*job, "curl_multi_add_handle failed");
      return;
    }
    m_active.emplace(easy, std::move(job));
  }

  void step(core::Millis wait) {
    const auto watched = m_resolver.sockets();
    std::vector<curl_waitfd> fds;
    for (const auto& w : watched) {
      curl_waitfd fd{};
      fd.fd = w.fd;
      fd.events = static_cast<short>((w.want_read ? CURL_WAIT_POLLIN : 0) |
                                     (w.want_write ? CURL_WAIT_POLLOUT : 0));
      fds.push_back(fd);
    }
    const auto sleep = m_resolver.busy() ? m_resolver.next_timeout(wait) : wait;
    int numfds = 0;
    curl_multi_poll(m_multi.get(), fds.data(), static_cast<unsigned int>(fds.size()),
                    static_cast<int>(std::max<long long>(sleep.count(), 0)), &numfds);
    std::vector<resolve::ReadySocket> ready;
    for (const auto& fd : fds) {
      if (fd.revents == 0) continue;
      ready.push_back({fd.fd, (fd.revents & (CURL_WAIT_POLLIN | CURL_WAIT_POLLPRI)) != 0,
                       (fd.revents & CURL_WAIT_POLLOUT) != 0});
    }
    if (m_resolver.busy()) m_resolver.process(ready);
    start_pending();
    int running = 0;
    curl_multi_perform(m_multi.get(), &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(m_multi.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      const CURLcode code = msg->data.result;
      curl_multi_remove_handle(m_multi.get(), easy);
      auto node = m_active.extract(easy);
      if (node.empty()) continue;
      job_done(*node.mapped(), code);
    }
  }

  void job_failed(Job& job, const std::string& why) {
    auto& r = m_slots[job.target][job.slot];
    r.tcp.status = core::TcpStatus::error;
    r.tcp.detail = why;
    r.findings.push_back(core::make_finding(core::FindingCode::probe_incomplete, why));
    slot_done(job.target);
  }

  void job_done(Job& job, CURLcode code) {
    auto& r = m_slots[job.target][job.slot];
    CURL* easy = job.easy.get();
    TransferFacts facts;
    facts.curl_code = code;
    curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &facts.os_errno);
    curl_easy_getinfo(easy, CURLINFO_HTTP_CONNECTCODE, &facts.connect_code);
    curl_off_t connect_us = 0;
    curl_off_t app_us = 0;
    curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connect_us);
    curl_easy_getinfo(easy, CURLINFO_APPCONNECT_TIME_T, &app_us);
    facts.tcp_connected = connect_us > 0 || job.tls.tls_started || job.tls.chain_seen;
    facts.proxied = !job.proxy.direct();
    facts.error = job.error.data();
    char* ip = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip);
    if (ip != nullptr) facts.address = ip;
    curl_easy_getinfo(easy, CURLINFO_PRIMARY_PORT, &facts.port);
    if (facts.address.empty()) facts.address = job.address;
    if (facts.port == 0) facts.port = m_plan.targets[job.target].port;
    classify_transfer(facts, r.tcp, r.proxy, r.tls);
    r.tcp.elapsed = micros_to_ms(connect_us);
    if (app_us > connect_us) r.tls.elapsed = micros_to_ms(app_us - connect_us);
    if (facts.proxied) {
      r.proxy.proxy = redact_proxy(job.proxy.url);
      r.proxy.server = job.headers.server;
      r.proxy.via = job.headers.via;
    }
    r.tls.client_cert_requested = job.tls.requested;
    r.tls.acceptable_ca_names = std::move(job.tls.ca_names);
    r.tls.chain_der = std::move(job.tls.chain_der);
    r.tls.version = job.tls.version;
    r.tls.cipher = job.tls.cipher;
    r.tls.alpn = job.tls.alpn;
    for (const auto& der : r.tls.chain_der) {
      if (auto facts_of = tls::describe_certificate(der)) r.chain.push_back(std::move(*facts_of));
    }
    auto found = judge_connection(r);
    r.findings.insert(r.findings.end(), found.begin(), found.end());
    slot_done(job.target);
  }

  void slot_done(std::size_t target) {
    if (--m_open[target] == 0) finish_target(target);
  }

  void finish_target(std::size_t target) {
    if (m_done[target]) return;
    m_done[target] = true;
    for (auto& r : m_slots[target]) {
      if (r.finished) continue;
      r.finished = true;
      if (m_progress) m_progress(r);
    }
  }

  void mark_incomplete() {
    for (std::size_t i = 0; i < m_slots.size(); ++i) {
      if (m_done[i]) continue;
      for (auto& r : m_slots[i]) {
        if (r.finished) continue;
        if (m_proxied[i] && r.tcp.status != core::TcpStatus::not_run) {
          // Only the informational local lookup was still running: the probe itself finished.
          r.dns.status = core::DnsStatus::timeout;
          r.dns.detail = "local resolution still running at the deadline";
          auto info = resolve::judge_dns(r.dns, true);
          r.findings.insert(r.findings.begin(), info.begin(), info.end());
          r.finished = true;
          continue;
        }
        const bool dns_known = r.dns.status != core::DnsStatus::not_run;
        r.findings.push_back(
            core::make_finding(core::FindingCode::probe_incomplete,
                               fmt::format("the run's deadline stopped this target during {}",
                                           dns_known ? "the connection" : "name resolution"),
                               {{"stage", dns_known ? "connect" : "dns"},
                                {"deadline_ms", std::to_string(m_settings.deadline.count())}}));
      }
    }
  }

  const core::Plan& m_plan;
  const core::ProbeSettings& m_settings;
  const core::Clock& m_clock;
  resolve::Resolver& m_resolver;
  const EnvFn& m_env;
  const ProgressFn& m_progress;
  CurlMultiPtr m_multi;
  std::vector<std::vector<core::TargetResult>> m_slots;
  std::vector<int> m_open;  // per target: lookups and connections still running
  std::vector<bool> m_proxied;
  std::vector<bool> m_done;
  std::vector<std::pair<std::size_t, core::DnsOutcome>> m_pending_dns;
  std::deque<std::unique_ptr<Job>> m_pending;
  std::map<CURL*, std::unique_ptr<Job>> m_active;
};

}  // namespace

core::Result<std::vector<core::TargetResult>> probe_targets(
    const core::Plan& plan, const core::ProbeSettings& settings, const core::Clock& clock,
    resolve::Resolver& resolver, const EnvFn& env, const ProgressFn& progress) {
  Engine engine(plan, settings, clock, resolver, env, progress);
  return engine.run();
}

core::Result<std::vector<core::TargetResult>> probe_targets(const core::Plan& plan,
                                                            const core::ProbeSettings& settings,
                                                            const core::Clock& clock,
                                                            const ProgressFn& progress) {
  auto resolver = resolve::make_resolver(settings, clock);
  if (!resolver) return core::unexpected(resolver.error());
  const auto env = process_env();
  return probe_targets(plan, settings, clock, **resolver, env, progress);
}

}  // namespace probe::connect
