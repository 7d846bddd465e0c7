// The HTTP seam for plain fetches on port 80 (CRL, OCSP, caIssuers) and SCEP: an abstract
// client so revocation, judge and scep are testable with a recording fake
// (tests/unit/support/fake_http.hpp). The real one is connect::make_http_client (libcurl).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/outcome.hpp"

namespace probe::core {

struct HttpRequest {
  std::string url;
  std::string method = "GET";                     // "GET" or "POST"
  std::string body;                               // POST body
  std::string content_type;                       // POST content type
  std::string accept;                             // Accept header, empty for none
  std::uint64_t max_bytes = 10ull * 1024 * 1024;  // larger bodies: outcome.truncated, body cut
  int max_redirects = 3;
  bool http_only = true;  // refuse redirects to anything but http: (revocation is plain HTTP)
};

struct HttpResponse {
  HttpOutcome outcome;  // dns/tcp/status/content type/Server/Via/size/time/detail
  std::string body;     // at most max_bytes
  std::string final_url;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Fetches every request concurrently (bounded by the client's concurrency and timeouts)
  // and returns one response per request, in order. Never throws for network failures:
  // they are outcomes.
  virtual std::vector<HttpResponse> fetch(const std::vector<HttpRequest>& requests) = 0;
};

}  // namespace probe::core
