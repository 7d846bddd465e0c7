#include "lib/curl/global.hpp"

#include <curl/curl.h>

#include <fmt/format.h>

namespace probe::lib::curl {

LibraryScope global_scope() {
  return LibraryScope([] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; },
                      [] { curl_global_cleanup(); });
}

std::string version() {
  const auto* info = curl_version_info(CURLVERSION_NOW);
  if (info == nullptr) return "unknown";
  return fmt::format("{} ({})", info->version, info->ssl_version ? info->ssl_version : "no TLS");
}

}  // namespace probe::lib::curl
