// Internal to connect/: one libcurl transfer owned by the Transport's multi handle. A job
// builds its easy handle in setup() and turns curl's result into its own outcome in finish().
// Includes <curl/curl.h>: never include this header from another module.
#pragma once

#include <curl/curl.h>

#include <memory>
#include <string>
#include <string_view>

#include "connect/connector.hpp"
#include "connect/curl_handle.hpp"
#include "core/clock.hpp"
#include "core/http.hpp"
#include "core/settings.hpp"

namespace probe::connect::detail {

class TransferJob {
 public:
  TransferJob() = default;
  TransferJob(const TransferJob&) = delete;
  TransferJob& operator=(const TransferJob&) = delete;
  virtual ~TransferJob() = default;

  // Builds the easy handle, the whole transfer bounded by `timeout`. False when it cannot
  // start; the transport then calls fail().
  virtual bool setup(core::Millis timeout) = 0;
  // The transfer ended with `code`: report the outcome to the job's caller.
  virtual void finish(CURLcode code) = 0;
  // The transfer could not start: report `why` to the job's caller.
  virtual void fail(const std::string& why) = 0;

  [[nodiscard]] CURL* easy() const noexcept { return m_easy.get(); }
  // True when the run's deadline, not the step timeout, bounded this transfer: a timeout is
  // then the deadline firing, and the transport leaves the operation open for the run to
  // report as unfinished.
  bool deadline_cut = false;

 protected:
  CurlEasyPtr m_easy;
};

// The handshake of `request` (engine.cpp): CONNECT_ONLY to https://host:port/, the chain
// captured by the OpenSSL callbacks and accepted as presented (the judge verifies it).
std::unique_ptr<TransferJob> make_handshake_job(ConnectRequest request,
                                                const core::ProbeSettings& settings,
                                                Connector::Done done);

// The parts of an http(s) URL the transport needs (lower-case scheme and host, brackets
// removed from IPv6 literals, the port with the scheme's default); empty host when none.
struct UrlParts {
  std::string scheme;
  std::string host;
  long port = 0;
  bool ip_literal = false;
};
UrlParts url_parts(std::string_view url);

// One HTTP transfer (http_client.cpp). `pinned` is the address to connect to (CURLOPT_RESOLVE)
// or empty; `dns` the outcome of the lookup that gave it (status not_run when none was made).
std::unique_ptr<TransferJob> make_http_job(core::HttpRequest request,
                                           const core::ProbeSettings& settings, ProxyChoice proxy,
                                           std::string pinned, core::DnsOutcome dns,
                                           core::HttpClient::Done done);

}  // namespace probe::connect::detail
