// The HTTP seam for plain fetches on port 80 (CRL, OCSP, caIssuers), SCEP and the Pushgateway:
// an abstract, asynchronous client so that revocation, chain completion and scep are testable
// with a recording fake (tests/unit/support/fake_http.hpp). The real one lives in
// connect/transport (libcurl multi, on the run's one event loop).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/outcome.hpp"

namespace probe::core {

struct HttpRequest {
  std::string url;
  std::string method = "GET";                     // "GET", "POST" or "PUT"
  std::string body;                               // POST/PUT body
  std::string content_type;                       // POST/PUT content type
  std::string accept;                             // Accept header, empty for none
  std::uint64_t max_bytes = 10ull * 1024 * 1024;  // larger bodies: outcome.truncated, body cut
  int max_redirects = 3;
  bool http_only = true;  // refuse redirects to anything but http: (revocation is plain HTTP)

  // The identity of a request for sharing one answer: method, URL, accept and body.
  [[nodiscard]] std::string key() const;
};

struct HttpResponse {
  HttpOutcome outcome;  // dns/tcp/status/content type/Server/Via/size/time/detail
  std::string body;     // at most max_bytes
  std::string final_url;
};

// The answer given to a request that the run's deadline (or a caller's budget) cut short.
HttpResponse unfinished_response(const HttpRequest& request, std::string detail);

// The run's event loop: one place that waits for every network operation (c-ares and curl
// together) and runs the callbacks of those that finished.
class EventLoop {
 public:
  virtual ~EventLoop() = default;
  // Waits at most `max_wait` for activity or a timer, then runs the callbacks of every
  // operation that finished meanwhile.
  virtual void step(Millis max_wait) = 0;
  // True while an operation of this loop is open.
  [[nodiscard]] virtual bool busy() const noexcept = 0;
  // Ends every open operation at once; their callbacks are never called.
  virtual void cancel_all() = 0;
};

class HttpClient {
 public:
  using Done = std::function<void(HttpResponse)>;
  virtual ~HttpClient() = default;
  // Starts `request`; `done` is called exactly once with its response from inside the loop's
  // step() (never from start() itself), unless the loop cancels it first. Network failures are
  // outcomes, never exceptions. Each transfer as a whole is bounded by the client's timeout.
  virtual void start(HttpRequest request, Done done) = 0;
  // The loop that drives this client.
  virtual EventLoop& loop() noexcept = 0;
};

// Fetches every request concurrently on the client's loop and waits for all answers, at most
// `budget`: for commands without a pipeline of their own (scep). Requests still open then are
// cancelled and answered with unfinished_response(). Responses are in request order.
std::vector<HttpResponse> fetch_all(HttpClient& client, const std::vector<HttpRequest>& requests,
                                    Millis budget, const Clock& clock);

}  // namespace probe::core
