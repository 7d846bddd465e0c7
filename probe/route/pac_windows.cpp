// Windows: the PAC engine is WinHTTP's own (WinHttpGetProxyForUrl, the one Windows uses for
// every WinHTTP client), and the system settings come from
// WinHttpGetIEProxyConfigForCurrentUser. WinHTTP fetches the script itself from its location
// (a URL; a file path becomes a file:/// URL), resolves the PAC's dnsResolve() names with the
// system resolver (no override is possible: --resolve/--dns-server do not reach it) and
// answers only the proxies of the list ("DIRECT" is implied when the list is empty).
#include <windows.h>
#include <winhttp.h>

#include <fmt/format.h>

#include <memory>
#include <string>

#include "lib/cptr.hpp"
#include "lib/win/utf16.hpp"
#include "route/pac_engine.hpp"
#include "route/system_proxy.hpp"

namespace probe::route {
namespace {

using InternetPtr = lib::CPtr<void, &WinHttpCloseHandle>;

// Frees a string WinHTTP allocated with GlobalAlloc.
struct GlobalString {
  LPWSTR text = nullptr;
  GlobalString() = default;
  GlobalString(const GlobalString&) = delete;
  GlobalString& operator=(const GlobalString&) = delete;
  ~GlobalString() {
    if (text != nullptr) GlobalFree(text);
  }
};

std::string winhttp_error(DWORD code) {
  switch (code) {
    case ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT:
      return "WinHTTP could not download the PAC (ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT)";
    case ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT:
      return "the PAC does not parse or FindProxyForURL failed "
             "(ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT)";
    case ERROR_WINHTTP_AUTODETECTION_FAILED:
      return "WPAD found no PAC (ERROR_WINHTTP_AUTODETECTION_FAILED)";
    case ERROR_WINHTTP_AUTO_PROXY_SERVICE_ERROR:
      return "the WinHTTP auto-proxy service failed (ERROR_WINHTTP_AUTO_PROXY_SERVICE_ERROR)";
    default:
      break;
  }
  return fmt::format("WinHttpGetProxyForUrl failed: error {}", code);
}

// "a:3128;b:3128" or "https=a:3128 http=b:80" as a PAC answer: "PROXY a:3128; PROXY b:3128".
std::string as_pac_answer(const std::string& list) {
  std::string out;
  std::size_t at = 0;
  while (at < list.size()) {
    const auto cut = list.find_first_of("; ", at);
    std::string entry = list.substr(at, cut == std::string::npos ? std::string::npos : cut - at);
    at = cut == std::string::npos ? list.size() : cut + 1;
    if (entry.empty()) continue;
    if (const auto eq = entry.find('='); eq != std::string::npos) {
      const std::string scheme = entry.substr(0, eq);
      if (scheme != "https" && scheme != "http") continue;
      entry = entry.substr(eq + 1);
    }
    out += (out.empty() ? "" : "; ") + ("PROXY " + entry);
  }
  return out.empty() ? "DIRECT" : out;
}

std::string file_url(std::string_view path) {
  std::string out = "file:///";
  for (const char c : path) out += c == '\\' ? '/' : c;
  return out;
}

class WinHttpEvaluator final : public PacEvaluator {
 public:
  WinHttpEvaluator(InternetPtr session, std::string location)
      : m_session(std::move(session)), m_location(std::move(location)) {}

  core::Result<std::string> find_proxy(const std::string& url,
                                       const std::string& /*host*/) override {
    WINHTTP_AUTOPROXY_OPTIONS options{};
    const std::wstring config_url = lib::win::wide_from_utf8(m_location);
    if (m_location == k_auto_detect_location) {
      options.dwFlags = WINHTTP_AUTOPROXY_AUTO_DETECT;
      options.dwAutoDetectFlags = WINHTTP_AUTO_DETECT_TYPE_DHCP | WINHTTP_AUTO_DETECT_TYPE_DNS_A;
    } else {
      options.dwFlags = WINHTTP_AUTOPROXY_CONFIG_URL;
      options.lpszAutoConfigUrl = config_url.c_str();
    }
    options.fAutoLogonIfChallenged = TRUE;
    WINHTTP_PROXY_INFO info{};
    const std::wstring wide_url = lib::win::wide_from_utf8(url);
    if (WinHttpGetProxyForUrl(m_session.get(), wide_url.c_str(), &options, &info) == FALSE) {
      return core::unexpected(core::ErrorKind::config, winhttp_error(GetLastError()));
    }
    GlobalString proxy;
    proxy.text = info.lpszProxy;
    GlobalString bypass;
    bypass.text = info.lpszProxyBypass;
    if (info.dwAccessType == WINHTTP_ACCESS_TYPE_NO_PROXY || proxy.text == nullptr) {
      return std::string("DIRECT");
    }
    return as_pac_answer(lib::win::utf8_from_wide(proxy.text));
  }

 private:
  InternetPtr m_session;
  std::string m_location;
};

}  // namespace

core::Result<std::unique_ptr<PacEvaluator>> load_pac(std::string_view /*script*/,
                                                     const PacLoadOptions& options) {
  InternetPtr session(WinHttpOpen(L"pinprobe", WINHTTP_ACCESS_TYPE_NO_PROXY, WINHTTP_NO_PROXY_NAME,
                                  WINHTTP_NO_PROXY_BYPASS, 0));
  if (!session) {
    return core::unexpected(core::ErrorKind::internal,
                            fmt::format("WinHttpOpen failed: error {}", GetLastError()));
  }
  std::string location = options.location;
  const bool url = location.starts_with("http://") || location.starts_with("https://") ||
                   location == k_auto_detect_location;
  if (!url) location = file_url(location);
  auto evaluator = std::make_unique<WinHttpEvaluator>(std::move(session), location);
  // WinHTTP parses the script on first use: one evaluation proves it parses.
  auto probe = evaluator->find_proxy("http://pinprobe.invalid/", "pinprobe.invalid");
  if (!probe) return core::unexpected(probe.error());
  return std::unique_ptr<PacEvaluator>(std::move(evaluator));
}

std::string pac_engine_name() { return "WinHTTP"; }

core::Result<SystemProxySettings> system_proxy_settings() {
  WINHTTP_CURRENT_USER_IE_PROXY_CONFIG config{};
  if (WinHttpGetIEProxyConfigForCurrentUser(&config) == FALSE) {
    return core::unexpected(
        core::ErrorKind::internal,
        fmt::format("WinHttpGetIEProxyConfigForCurrentUser failed: error {}", GetLastError()));
  }
  GlobalString pac;
  pac.text = config.lpszAutoConfigUrl;
  GlobalString proxy;
  proxy.text = config.lpszProxy;
  GlobalString bypass;
  bypass.text = config.lpszProxyBypass;
  SystemProxySettings out;
  out.origin = "WinHttpGetIEProxyConfigForCurrentUser";
  out.auto_detect = config.fAutoDetect != FALSE;
  out.pac_url = lib::win::utf8_from_wide(pac.text);
  out.manual.proxy = lib::win::utf8_from_wide(proxy.text);
  out.manual.bypass = lib::win::utf8_from_wide(bypass.text);
  return out;
}

}  // namespace probe::route
