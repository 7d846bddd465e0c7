#include <curl/curl.h>

#include <fmt/format.h>

#include <algorithm>

#include "connect/classify.hpp"
#include "connect/curl_handle.hpp"
#include "connect/transfer_job.hpp"
#include "core/text.hpp"
#include "lib/curl/url.hpp"
#include "resolve/address.hpp"

namespace probe::connect {
namespace {

using detail::CurlSlistPtr;

// What the body callback fills.
struct BodySink {
  std::string body;
  std::uint64_t cap = 0;
  bool truncated = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) noexcept {
  auto* t = static_cast<BodySink*>(user);
  const size_t total = size * count;
  try {
    auto& body = t->body;
    const auto cap = t->cap;
    if (body.size() + total > cap) {
      body.append(data, static_cast<std::size_t>(cap - body.size()));
      t->truncated = true;
      return 0;  // aborts the transfer (CURLE_WRITE_ERROR), recognised as truncation
    }
    body.append(data, total);
  } catch (...) {
    return 0;
  }
  return total;
}

bool is_ip_literal(const std::string& host) {
  return resolve::classify_address(host) != resolve::AddressClass::invalid;
}

class HttpJob final : public detail::TransferJob {
 public:
  HttpJob(core::HttpRequest request, const core::ProbeSettings& settings, ProxyChoice proxy,
          std::string pinned, core::DnsOutcome dns, core::HttpClient::Done done)
      : m_request(std::move(request)),
        m_settings(settings),
        m_proxy(std::move(proxy)),
        m_pinned(std::move(pinned)),
        m_dns(std::move(dns)),
        m_done(std::move(done)) {
    m_sink.cap = m_request.max_bytes;
  }

  bool setup(core::Millis timeout) override {
    m_easy.reset(curl_easy_init());
    if (!m_easy) return false;
    CURL* easy = m_easy.get();
    const auto& req = m_request;
    detail::set_common_options(easy, m_error, m_settings, m_proxy, timeout, m_headers);
    curl_easy_setopt(easy, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, req.http_only ? "http" : "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, req.max_redirects > 0 ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, static_cast<long>(std::max(req.max_redirects, 0)));
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &m_sink);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "pinprobe");
    curl_easy_setopt(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
    if (!m_pinned.empty() && m_proxy.direct()) {
      const auto parts = detail::url_parts(req.url);
      m_resolve_list.reset(curl_slist_append(
          nullptr, detail::resolve_entry(parts.host, parts.port, m_pinned).c_str()));
      curl_easy_setopt(easy, CURLOPT_RESOLVE, m_resolve_list.get());
    }
    // HTTPS fetches (SCEP) verify the server against --ca-file / --ca-path when given,
    // else against libcurl's default store.
    if (m_settings.ca_file) curl_easy_setopt(easy, CURLOPT_CAINFO, m_settings.ca_file->c_str());
    if (m_settings.ca_path) curl_easy_setopt(easy, CURLOPT_CAPATH, m_settings.ca_path->c_str());
#ifdef _WIN32
    // Windows has no CA bundle file: libcurl's default store is then the CryptoAPI ROOT store.
    if (!m_settings.ca_file && !m_settings.ca_path) {
      curl_easy_setopt(easy, CURLOPT_SSL_OPTIONS, static_cast<long>(CURLSSLOPT_NATIVE_CA));
    }
#endif
    curl_slist* headers = nullptr;
    if (!req.accept.empty()) {
      headers = curl_slist_append(headers, ("Accept: " + req.accept).c_str());
    }
    if (req.method == "POST" || req.method == "PUT") {
      if (req.method == "PUT") curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, "PUT");
      curl_easy_setopt(easy, CURLOPT_POST, 1L);
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, req.body.data());
      if (!req.content_type.empty()) {
        headers = curl_slist_append(headers, ("Content-Type: " + req.content_type).c_str());
      }
    }
    m_headers_list.reset(headers);
    if (headers != nullptr) curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    return true;
  }

  void fail(const std::string& why) override {
    core::HttpResponse response;
    response.outcome.attempted = true;
    response.outcome.dns = m_dns.status;
    response.outcome.detail = why;
    response.final_url = m_request.url;
    deliver(std::move(response));
  }

  void finish(CURLcode code) override {
    core::HttpResponse response;
    auto& o = response.outcome;
    o.dns = m_dns.status;
    CURL* easy = m_easy.get();
    o.attempted = true;
    o.through_proxy = !m_proxy.direct();
    if (o.dns == core::DnsStatus::not_run && !o.through_proxy) o.dns = core::DnsStatus::ok;
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    o.status = static_cast<int>(status);
    long redirects = 0;
    curl_easy_getinfo(easy, CURLINFO_REDIRECT_COUNT, &redirects);
    o.redirects = static_cast<int>(redirects);
    curl_off_t total_us = 0;
    curl_easy_getinfo(easy, CURLINFO_TOTAL_TIME_T, &total_us);
    o.elapsed = core::Millis{static_cast<long long>(total_us / 1000)};
    char* ip = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip);
    if (ip != nullptr) o.address = ip;
    char* final_url = nullptr;
    curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &final_url);
    response.final_url = final_url != nullptr ? final_url : m_request.url;
    o.content_type = m_headers.content_type;
    o.server = m_headers.server;
    o.via = m_headers.via;
    o.truncated = m_sink.truncated;
    response.body = std::move(m_sink.body);
    o.size = response.body.size();
    classify(code, status, response);
    deliver(std::move(response));
  }

 private:
  void classify(CURLcode code, long status, core::HttpResponse& response) {
    auto& o = response.outcome;
    if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && m_sink.truncated)) {
      o.tcp = core::TcpStatus::connected;
      if (m_sink.truncated) o.detail = "body cut at the download cap";
      return;
    }
    if ((code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_TOO_MANY_REDIRECTS) && status > 0) {
      o.tcp = core::TcpStatus::connected;
      o.detail = code == CURLE_TOO_MANY_REDIRECTS
                     ? fmt::format("more than {} redirects", m_request.max_redirects)
                     : fmt::format("redirect refused: {} (only http: is followed)",
                                   core::escape_control(response.final_url, 256));
      return;
    }
    if (status > 0 && code == CURLE_OPERATION_TIMEDOUT) {
      // The answer started and then stalled (a body dripped a byte at a time): the step
      // timeout ended it, and what arrived is not the data.
      o.tcp = core::TcpStatus::timeout;
      o.detail =
          fmt::format("the body stalled after HTTP {}: {}", status, core::bound(m_error.data()));
      return;
    }
    if (code == CURLE_COULDNT_RESOLVE_HOST) {
      o.dns = core::DnsStatus::error;
      o.detail = core::bound(m_error.data());
      return;
    }
    TransferFacts facts;
    facts.curl_code = code;
    CURL* easy = m_easy.get();
    curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &facts.os_errno);
    curl_off_t connect_us = 0;
    curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connect_us);
    facts.tcp_connected = connect_us > 0 || status > 0;
    facts.error = m_error.data();
    core::TcpOutcome tcp;
    core::ProxyOutcome proxy;
    core::TlsOutcome tls;
    classify_transfer(facts, tcp, proxy, tls);
    o.tcp = tcp.status;
    o.detail = core::bound(facts.error.empty() ? curl_easy_strerror(code) : facts.error);
  }

  void deliver(core::HttpResponse response) {
    auto done = std::move(m_done);
    m_done = nullptr;
    if (done) done(std::move(response));
  }

  core::HttpRequest m_request;
  const core::ProbeSettings& m_settings;
  ProxyChoice m_proxy;
  std::string m_pinned;
  core::DnsOutcome m_dns;
  core::HttpClient::Done m_done;
  CurlSlistPtr m_resolve_list;
  CurlSlistPtr m_headers_list;
  std::array<char, CURL_ERROR_SIZE> m_error{};
  detail::HeaderCapture m_headers;
  BodySink m_sink;
};

}  // namespace

namespace detail {

UrlParts url_parts(std::string_view url) {
  UrlParts parts;
  const auto parsed = lib::curl::parse_url(url);
  if (!parsed) return parts;
  parts.scheme = parsed->scheme;
  parts.host = parsed->bare_host();
  parts.port = parsed->port_number();
  parts.ip_literal = !parts.host.empty() && is_ip_literal(parts.host);
  return parts;
}

std::unique_ptr<TransferJob> make_http_job(core::HttpRequest request,
                                           const core::ProbeSettings& settings, ProxyChoice proxy,
                                           std::string pinned, core::DnsOutcome dns,
                                           core::HttpClient::Done done) {
  return std::make_unique<HttpJob>(std::move(request), settings, std::move(proxy),
                                   std::move(pinned), std::move(dns), std::move(done));
}

}  // namespace detail

}  // namespace probe::connect
