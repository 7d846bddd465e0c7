#include "report/push.hpp"

#include <curl/curl.h>

#include <fmt/format.h>

#include <array>
#include <memory>

#include "core/narrow.hpp"
#include "core/text.hpp"

namespace probe::report {
namespace {

template <auto FreeFn>
struct FreeWith {
  template <class T>
  void operator()(T* p) const noexcept {
    FreeFn(p);
  }
};
using CurlEasyPtr = std::unique_ptr<CURL, FreeWith<&curl_easy_cleanup>>;
using CurlSlistPtr = std::unique_ptr<curl_slist, FreeWith<&curl_slist_free_all>>;

constexpr std::size_t k_max_reply = 4096;

// Keeps the start of the Pushgateway's answer for the error message.
extern "C" std::size_t keep_reply(char* data, std::size_t size, std::size_t count,
                                  void* user) noexcept {
  try {
    auto* reply = static_cast<std::string*>(user);
    const auto bytes = size * count;
    if (reply->size() < k_max_reply) {
      reply->append(data, std::min(bytes, k_max_reply - reply->size()));
    }
    return bytes;
  } catch (...) {
    return 0;  // aborts the transfer
  }
}

bool plain_label(std::string_view value) {
  for (const char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return !value.empty();
}

// RFC 4648 §5 base64url with padding, the form the Pushgateway accepts after "@base64".
std::string base64url(std::string_view bytes) {
  constexpr std::string_view k_alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  auto at = [&bytes](std::size_t n) {
    return static_cast<unsigned>(static_cast<unsigned char>(bytes[n]));
  };
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (at(i) << 16U) | (at(i + 1) << 8U) | at(i + 2);
    out += k_alphabet[(v >> 18U) & 63U];
    out += k_alphabet[(v >> 12U) & 63U];
    out += k_alphabet[(v >> 6U) & 63U];
    out += k_alphabet[v & 63U];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = at(i) << 16U;
    out += k_alphabet[(v >> 18U) & 63U];
    out += k_alphabet[(v >> 12U) & 63U];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (at(i) << 16U) | (at(i + 1) << 8U);
    out += k_alphabet[(v >> 18U) & 63U];
    out += k_alphabet[(v >> 12U) & 63U];
    out += k_alphabet[(v >> 6U) & 63U];
    out += '=';
  }
  return out;
}

}  // namespace

std::string push_url(std::string_view base_url, std::string_view site) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  std::string url = fmt::format("{}/metrics/job/pinprobe", base_url);
  if (site.empty()) return url;
  if (plain_label(site)) return url + "/site/" + std::string(site);
  return url + "/site@base64/" + base64url(site);
}

core::Result<void> push_metrics(const std::string& url, std::string_view metrics_text,
                                const std::string& site, const core::ProbeSettings& settings) {
  const auto target = push_url(url, site);
  const auto shown = core::escape_control(target, 512);
  CurlEasyPtr easy(curl_easy_init());
  if (!easy) return core::unexpected(core::ErrorKind::internal, "--push: curl_easy_init failed");
  std::array<char, CURL_ERROR_SIZE> error_buffer{};
  std::string reply;
  CurlSlistPtr headers(curl_slist_append(nullptr, "Content-Type: text/plain; version=0.0.4"));
  CURL* h = easy.get();
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer.data());
  curl_easy_setopt(h, CURLOPT_URL, target.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  // PUT replaces every metric of the group: a target that disappeared from the plan does
  // not linger (Pushgateway README, "PUT method").
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, metrics_text.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, core::narrow<curl_off_t>(metrics_text.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &keep_reply);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &reply);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(settings.timeout.count()));
  if (settings.no_proxy) {
    curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  } else if (settings.proxy) {
    curl_easy_setopt(h, CURLOPT_PROXY, settings.proxy->c_str());
  }
  if (settings.ca_file) curl_easy_setopt(h, CURLOPT_CAINFO, settings.ca_file->c_str());
  if (settings.ca_path) curl_easy_setopt(h, CURLOPT_CAPATH, settings.ca_path->c_str());
  const auto code = curl_easy_perform(h);
  if (code != CURLE_OK) {
    const std::string detail =
        error_buffer[0] != '\0' ? error_buffer.data() : curl_easy_strerror(code);
    return core::unexpected(core::ErrorKind::io,
                            fmt::format("--push {}: {}", shown, core::escape_control(detail, 256)));
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  if (status < 200 || status > 299) {
    return core::unexpected(core::ErrorKind::io,
                            fmt::format("--push {}: the Pushgateway answered HTTP {}: {}", shown,
                                        status, core::escape_control(reply, 256)));
  }
  return {};
}

}  // namespace probe::report
