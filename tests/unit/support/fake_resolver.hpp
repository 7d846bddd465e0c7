// A recording fake of resolve::Resolver: answers from a table, records every lookup, and
// answers nothing for hosts it does not know (they stay in flight: a resolver that never
// answers).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "resolve/resolver.hpp"

namespace probe::test {

class FakeResolver final : public resolve::Resolver {
 public:
  std::map<std::string, core::DnsOutcome> answers;
  std::vector<std::string> asked;

  void resolve(const std::string& host, core::AddressFamily /*family*/, Done done) override {
    asked.push_back(host);
    m_waiting.emplace_back(host, std::move(done));
  }
  [[nodiscard]] std::vector<resolve::WatchedSocket> sockets() const override { return {}; }
  [[nodiscard]] core::Millis next_timeout(core::Millis cap) const override {
    return m_waiting.empty() ? cap : core::Millis{10};
  }
  void process(const std::vector<resolve::ReadySocket>& /*ready*/) override {
    auto waiting = std::move(m_waiting);
    m_waiting.clear();
    for (auto& [host, done] : waiting) {
      const auto it = answers.find(host);
      if (it == answers.end()) {
        m_waiting.emplace_back(host, std::move(done));
        continue;
      }
      done(it->second);
    }
  }
  [[nodiscard]] bool busy() const noexcept override { return !m_waiting.empty(); }
  [[nodiscard]] std::vector<std::string> servers() const override { return {"fake"}; }

 private:
  std::vector<std::pair<std::string, Done>> m_waiting;
};

}  // namespace probe::test
