#include "lib/curl/global.hpp"

#include <curl/curl.h>

#include <fmt/format.h>

namespace probe::lib::curl {

GlobalScope::GlobalScope() : m_ok(curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK) {}

GlobalScope::~GlobalScope() {
  if (m_ok) curl_global_cleanup();
}

std::string version() {
  const auto* info = curl_version_info(CURLVERSION_NOW);
  if (info == nullptr) return "unknown";
  return fmt::format("{} ({})", info->version, info->ssl_version ? info->ssl_version : "no TLS");
}

}  // namespace probe::lib::curl
