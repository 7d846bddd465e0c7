// Internal to connect/: libcurl handle owners and the options every easy handle shares.
// Includes <curl/curl.h>: never include this header from another module.
#pragma once

#include <curl/curl.h>

#include <array>
#include <memory>
#include <string>

#include "connect/proxy.hpp"
#include "core/settings.hpp"
#include "lib/cptr.hpp"

namespace probe::connect::detail {

inline void multi_cleanup(CURLM* multi) noexcept { curl_multi_cleanup(multi); }
using CurlEasyPtr = lib::CPtr<CURL, &curl_easy_cleanup>;
using CurlMultiPtr = lib::CPtr<CURLM, &multi_cleanup>;
using CurlSlistPtr = lib::CPtr<curl_slist, &curl_slist_free_all>;

// Headers of the last response (or CONNECT answer) seen on a transfer.
struct HeaderCapture {
  std::string server;
  std::string via;
  std::string content_type;
};

// CURLOPT_HEADERFUNCTION for a HeaderCapture*: a new status line starts a new response.
size_t capture_header(char* data, size_t size, size_t count, void* user) noexcept;

// Sets the options every handle (the handshake probe and the HTTP client) shares: error
// buffer, no signals, `timeout` for connecting and for the whole transfer, the header
// capture, the proxy choice (an explicit value, and NOPROXY "" so curl does not re-read the
// environment), proxy credentials and auth methods, the address family.
void set_common_options(CURL* easy, std::array<char, CURL_ERROR_SIZE>& error,
                        const core::ProbeSettings& settings, const ProxyChoice& proxy,
                        core::Millis timeout, HeaderCapture& headers);

// The "HOST:PORT:ADDR" form of CURLOPT_RESOLVE (IPv6 addresses bracketed).
std::string resolve_entry(const std::string& host, long port, const std::string& address);

}  // namespace probe::connect::detail
