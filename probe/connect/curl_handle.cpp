#include "connect/curl_handle.hpp"

#include <algorithm>
#include <string_view>

#include "core/text.hpp"

namespace probe::connect::detail {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) {
    s.remove_suffix(1);
  }
  return s;
}

bool header_is(std::string_view line, std::string_view name) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  return core::to_lower(line.substr(0, name.size())) == name;
}

}  // namespace

size_t capture_header(char* data, size_t size, size_t count, void* user) noexcept {
  const size_t total = size * count;
  try {
    auto* capture = static_cast<HeaderCapture*>(user);
    const std::string_view line(data, total);
    if (line.starts_with("HTTP/")) {
      *capture = {};
    } else if (header_is(line, "server")) {
      capture->server = core::bound(trim(line.substr(7)), 256);
    } else if (header_is(line, "via")) {
      capture->via = core::bound(trim(line.substr(4)), 256);
    } else if (header_is(line, "content-type")) {
      capture->content_type = core::bound(trim(line.substr(13)), 256);
    }
  } catch (...) {
    return 0;  // aborts the transfer
  }
  return total;
}

void set_common_options(CURL* easy, std::array<char, CURL_ERROR_SIZE>& error,
                        const core::ProbeSettings& settings, const ProxyChoice& proxy,
                        core::Millis timeout, HeaderCapture& headers) {
  error[0] = '\0';
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error.data());
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  const long ms = static_cast<long>(std::max<long long>(timeout.count(), 1));
  curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, ms);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, ms);
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &capture_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, &headers);
  curl_easy_setopt(easy, CURLOPT_PROXY, proxy.url.c_str());
  curl_easy_setopt(easy, CURLOPT_NOPROXY, "");
  if (!proxy.direct()) {
    if (!settings.proxy_user.empty()) {
      curl_easy_setopt(easy, CURLOPT_PROXYUSERPWD, settings.proxy_user.c_str());
    }
    unsigned long auth = CURLAUTH_ANY;
    switch (settings.proxy_auth) {
      case core::ProxyAuth::basic:
        auth = CURLAUTH_BASIC;
        break;
      case core::ProxyAuth::ntlm:
        auth = CURLAUTH_NTLM;
        break;
      case core::ProxyAuth::negotiate:
        auth = CURLAUTH_NEGOTIATE;
        break;
      case core::ProxyAuth::any:
        break;
    }
    curl_easy_setopt(easy, CURLOPT_PROXYAUTH, auth);
  }
  if (settings.family == core::AddressFamily::v4) {
    curl_easy_setopt(easy, CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V4);
  } else if (settings.family == core::AddressFamily::v6) {
    curl_easy_setopt(easy, CURLOPT_IPRESOLVE, CURL_IPRESOLVE_V6);
  }
}

std::string resolve_entry(const std::string& host, long port, const std::string& address) {
  const bool v6 = address.find(':') != std::string::npos;
  return host + ":" + std::to_string(port) + ":" + (v6 ? "[" + address + "]" : address);
}

}  // namespace probe::connect::detail
