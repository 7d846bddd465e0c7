// BatchHttpClient: adapts a synchronous fake (answers a batch of requests at once) to the
// asynchronous core::HttpClient seam. Every request started since the last step() is answered
// by one fetch() call in the next step(), so a fake's "batches" are the loop's rounds. It
// opens no socket and needs no clock.
#pragma once

#include <functional>
#include <utility>
#include <vector>

#include "core/http.hpp"

namespace probe::test {

class BatchHttpClient : public core::HttpClient, public core::EventLoop {
 public:
  // Answers `requests` in order (the fake's script).
  virtual std::vector<core::HttpResponse> fetch(const std::vector<core::HttpRequest>& requests) = 0;

  void start(core::HttpRequest request, Done done) override {
    m_pending.emplace_back(std::move(request), std::move(done));
  }
  core::EventLoop& loop() noexcept override { return *this; }

  void step(core::Millis /*max_wait*/) override {
    auto batch = std::move(m_pending);
    m_pending.clear();
    if (batch.empty()) return;
    std::vector<core::HttpRequest> requests;
    requests.reserve(batch.size());
    for (const auto& [request, done] : batch) requests.push_back(request);
    auto answers = fetch(requests);
    for (std::size_t i = 0; i < batch.size() && i < answers.size(); ++i) {
      batch[i].second(std::move(answers[i]));
    }
  }
  [[nodiscard]] bool busy() const noexcept override { return !m_pending.empty(); }
  void cancel_all() override { m_pending.clear(); }

 private:
  std::vector<std::pair<core::HttpRequest, Done>> m_pending;
};

}  // namespace probe::test
