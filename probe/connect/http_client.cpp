#include "connect/http_client.hpp"

#include <curl/curl.h>

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "connect/classify.hpp"
#include "connect/curl_handle.hpp"
#include "core/text.hpp"
#include "resolve/address.hpp"
#include "resolve/resolver.hpp"

namespace probe::connect {
namespace {

using detail::CurlEasyPtr;
using detail::CurlMultiPtr;
using detail::CurlSlistPtr;

struct Transfer {
  std::size_t index = 0;
  const core::HttpRequest* request = nullptr;
  core::HttpResponse* response = nullptr;
  ProxyChoice proxy;
  CurlEasyPtr easy;
  CurlSlistPtr resolve_list;
  CurlSlistPtr headers_list;
  std::array<char, CURL_ERROR_SIZE> error{};
  detail::HeaderCapture headers;
  bool truncated = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) noexcept {
  auto* t = static_cast<Transfer*>(user);
  const size_t total = size * count;
  try {
    auto& body = t->response->body;
    const auto cap = t->request->max_bytes;
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

// "host" of "scheme://[user@]host[:port]/..." (brackets kept off IPv6 literals), lower-case.
std::pair<std::string, std::string> scheme_and_host(std::string_view url) {
  const auto sep = url.find("://");
  if (sep == std::string_view::npos) return {};
  const auto scheme = core::to_lower(url.substr(0, sep));
  auto rest = url.substr(sep + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (rest.starts_with('[')) return {scheme, std::string(rest.substr(1, rest.find(']') - 1))};
  return {scheme, core::to_lower(rest.substr(0, rest.find(':')))};
}

long port_of(std::string_view url, std::string_view scheme) {
  const auto sep = url.find("://");
  auto rest = url.substr(sep + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (rest.starts_with('[')) rest = rest.substr(rest.find(']') + 1);
  const auto colon = rest.find(':');
  if (colon != std::string_view::npos) {
    long port = 0;
    for (const char c : rest.substr(colon + 1)) {
      if (c < '0' || c > '9' || port > 65535) return scheme == "https" ? 443 : 80;
      port = port * 10 + (c - '0');
    }
    return port;
  }
  return scheme == "https" ? 443 : 80;
}

bool is_ip_literal(const std::string& host) {
  return resolve::classify_address(host) != resolve::AddressClass::invalid;
}

class CurlHttpClient final : public core::HttpClient {
 public:
  CurlHttpClient(const core::ProbeSettings& settings, const core::Clock& clock)
      : m_settings(settings), m_clock(clock), m_env(process_env()) {}

  std::vector<core::HttpResponse> fetch(const std::vector<core::HttpRequest>& requests) override {
    std::vector<core::HttpResponse> out(requests.size());
    const auto dns = resolve_hosts(requests, out);
    CurlMultiPtr multi(curl_multi_init());
    std::deque<std::unique_ptr<Transfer>> pending;
    for (std::size_t i = 0; i < requests.size(); ++i) {
      if (out[i].outcome.attempted) continue;  // decided by DNS already
      auto t = std::make_unique<Transfer>();
      t->index = i;
      t->request = &requests[i];
      t->response = &out[i];
      const auto [scheme, host] = scheme_and_host(requests[i].url);
      t->proxy = choose_proxy(scheme.empty() ? "http" : scheme, host, m_settings, m_env);
      const auto port = port_of(requests[i].url, scheme);
      if (const auto* pin = override_for(host, port); pin != nullptr && t->proxy.direct()) {
        t->resolve_list.reset(
            curl_slist_append(nullptr, detail::resolve_entry(host, port, pin->address).c_str()));
      } else if (const auto it = dns.find(host); it != dns.end() && t->proxy.direct()) {
        t->resolve_list.reset(curl_slist_append(
            nullptr,
            detail::resolve_entry(host, port_of(requests[i].url, scheme), it->second).c_str()));
      }
      pending.push_back(std::move(t));
    }
    std::map<CURL*, std::unique_ptr<Transfer>> active;
    const auto limit = static_cast<std::size_t>(std::max(m_settings.concurrency, 1));
    const auto end = m_clock.steady_now() + m_settings.timeout * 2 + core::Millis{1000};
    // Bounded: each pass waits at most 200 ms; curl's own timeouts end every transfer, and
    // `end` is a backstop.
    while ((!pending.empty() || !active.empty()) && m_clock.steady_now() < end) {
      while (!pending.empty() && active.size() < limit) {
        auto t = std::move(pending.front());
        pending.pop_front();
        if (setup(*t) && curl_multi_add_handle(multi.get(), t->easy.get()) == CURLM_OK) {
          CURL* easy = t->easy.get();
          active.emplace(easy, std::move(t));
        } else {
          t->response->outcome.attempted = true;
          t->response->outcome.detail = "cannot start the transfer";
        }
      }
      int running = 0;
      curl_multi_perform(multi.get(), &running);
      int queued = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
        if (msg->msg != CURLMSG_DONE) continue;
        CURL* easy = msg->easy_handle;
        const CURLcode code = msg->data.result;
        curl_multi_remove_handle(multi.get(), easy);
        auto node = active.extract(easy);
        if (!node.empty()) finish(*node.mapped(), code);
      }
      if (active.empty()) continue;
      int numfds = 0;
      curl_multi_poll(multi.get(), nullptr, 0, 200, &numfds);
    }
    for (auto& [easy, t] : active) {
      curl_multi_remove_handle(multi.get(), easy);
      t->response->outcome.attempted = true;
      t->response->outcome.detail = "timeout";
      t->response->outcome.tcp = core::TcpStatus::timeout;
    }
    for (auto& t : pending) {
      t->response->outcome.attempted = true;
      t->response->outcome.detail = "not started before the time budget ran out";
    }
    return out;
  }

 private:
  // The --resolve entry for `host`:`port`, like curl's --resolve (nullptr when none).
  [[nodiscard]] const core::ResolveOverride* override_for(const std::string& host,
                                                          long port) const {
    const auto it = std::find_if(
        m_settings.resolve.begin(), m_settings.resolve.end(),
        [&](const core::ResolveOverride& o) { return o.host == host && o.port == port; });
    return it == m_settings.resolve.end() ? nullptr : &*it;
  }

  // Resolves the hosts of direct requests with the engine's resolver: a failure is recorded
  // as the response's DNS outcome; successes are pinned for curl (host -> first address).
  std::map<std::string, std::string> resolve_hosts(const std::vector<core::HttpRequest>& requests,
                                                   std::vector<core::HttpResponse>& out) {
    std::map<std::string, std::string> pinned;
    std::vector<std::string> hosts;
    std::set<std::string> seen;
    for (const auto& r : requests) {
      const auto [scheme, host] = scheme_and_host(r.url);
      if (host.empty() || is_ip_literal(host) || seen.contains(host)) continue;
      if (override_for(host, port_of(r.url, scheme)) != nullptr) continue;  // --resolve
      if (!choose_proxy(scheme, host, m_settings, m_env).direct()) continue;
      seen.insert(host);
      hosts.push_back(host);
    }
    if (hosts.empty()) return pinned;
    auto resolver = resolve::make_resolver(m_settings, m_clock);
    if (!resolver) return pinned;  // curl resolves by itself then
    const auto outcomes =
        resolve::resolve_all(**resolver, hosts, m_settings.family, m_settings.timeout * 2, m_clock);
    std::map<std::string, core::DnsOutcome> by_host;
    for (std::size_t i = 0; i < hosts.size(); ++i) {
      by_host[hosts[i]] = outcomes[i];
      if (outcomes[i].status == core::DnsStatus::ok && !outcomes[i].addresses.empty()) {
        pinned[hosts[i]] = outcomes[i].addresses.front().address;
      }
    }
    for (std::size_t i = 0; i < requests.size(); ++i) {
      const auto [scheme, host] = scheme_and_host(requests[i].url);
      const auto it = by_host.find(host);
      if (it == by_host.end()) continue;
      auto& o = out[i].outcome;
      o.dns = it->second.status;
      if (it->second.status != core::DnsStatus::ok || it->second.addresses.empty()) {
        o.attempted = true;
        o.detail = fmt::format(
            "name resolution failed: {}",
            it->second.detail.empty() ? core::to_string(it->second.status) : it->second.detail);
        out[i].final_url = requests[i].url;
      }
    }
    return pinned;
  }

  bool setup(Transfer& t) {
    t.easy.reset(curl_easy_init());
    if (!t.easy) return false;
    CURL* easy = t.easy.get();
    const auto& req = *t.request;
    detail::set_common_options(easy, t.error, m_settings, t.proxy);
    curl_easy_setopt(easy, CURLOPT_URL, req.url.c_str());
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, req.http_only ? "http" : "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, req.max_redirects > 0 ? 1L : 0L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, static_cast<long>(std::max(req.max_redirects, 0)));
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(std::max<long long>(m_settings.timeout.count(), 1)));
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &detail::capture_header);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &t.headers);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "pinprobe");
    curl_easy_setopt(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
    if (t.resolve_list) curl_easy_setopt(easy, CURLOPT_RESOLVE, t.resolve_list.get());
    // HTTPS fetches (SCEP) verify the server against --ca-file / --ca-path when given,
    // else against libcurl's default store.
    if (m_settings.ca_file) curl_easy_setopt(easy, CURLOPT_CAINFO, m_settings.ca_file->c_str());
    if (m_settings.ca_path) curl_easy_setopt(easy, CURLOPT_CAPATH, m_settings.ca_path->c_str());
    curl_slist* headers = nullptr;
    if (!req.accept.empty())
      headers = curl_slist_append(headers, ("Accept: " + req.accept).c_str());
    if (req.method == "POST") {
      curl_easy_setopt(easy, CURLOPT_POST, 1L);
      curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
      curl_easy_setopt(easy, CURLOPT_POSTFIELDS, req.body.data());
      if (!req.content_type.empty()) {
        headers = curl_slist_append(headers, ("Content-Type: " + req.content_type).c_str());
      }
    }
    t.headers_list.reset(headers);
    if (headers != nullptr) curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    return true;
  }

  static void finish(Transfer& t, CURLcode code) {
    auto& o = t.response->outcome;
    CURL* easy = t.easy.get();
    o.attempted = true;
    o.through_proxy = !t.proxy.direct();
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
    t.response->final_url = final_url != nullptr ? final_url : t.request->url;
    o.content_type = t.headers.content_type;
    o.server = t.headers.server;
    o.via = t.headers.via;
    o.truncated = t.truncated;
    o.size = t.response->body.size();
    if (code == CURLE_OK || (code == CURLE_WRITE_ERROR && t.truncated)) {
      o.tcp = core::TcpStatus::connected;
      if (t.truncated) o.detail = "body cut at the download cap";
      return;
    }
    if ((code == CURLE_UNSUPPORTED_PROTOCOL || code == CURLE_TOO_MANY_REDIRECTS) && status > 0) {
      o.tcp = core::TcpStatus::connected;
      o.detail = code == CURLE_TOO_MANY_REDIRECTS
                     ? fmt::format("more than {} redirects", t.request->max_redirects)
                     : fmt::format("redirect refused: {} (only http: is followed)",
                                   core::escape_control(t.response->final_url, 256));
      return;
    }
    if (code == CURLE_COULDNT_RESOLVE_HOST) {
      o.dns = core::DnsStatus::error;
      o.detail = core::bound(t.error.data());
      return;
    }
    TransferFacts facts;
    facts.curl_code = code;
    curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &facts.os_errno);
    curl_off_t connect_us = 0;
    curl_easy_getinfo(easy, CURLINFO_CONNECT_TIME_T, &connect_us);
    facts.tcp_connected = connect_us > 0 || status > 0;
    facts.error = t.error.data();
    core::TcpOutcome tcp;
    core::ProxyOutcome proxy;
    core::TlsOutcome tls;
    classify_transfer(facts, tcp, proxy, tls);
    o.tcp = tcp.status;
    o.detail = core::bound(facts.error.empty() ? curl_easy_strerror(code) : facts.error);
  }

  core::ProbeSettings m_settings;
  const core::Clock& m_clock;
  EnvFn m_env;
};

}  // namespace

std::unique_ptr<core::HttpClient> make_http_client(const core::ProbeSettings& settings,
                                                   const core::Clock& clock) {
  return std::make_unique<CurlHttpClient>(settings, clock);
}

}  // namespace probe::connect
