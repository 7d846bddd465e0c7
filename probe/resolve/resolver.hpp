// The resolver seam: A/AAAA lookups for many hosts at once, driven by the caller's event loop
// (connect/ polls the resolver's sockets together with libcurl's, so a connection starts as
// soon as its own name resolves). The real one is c-ares; tests use a recording fake.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/outcome.hpp"
#include "core/result.hpp"
#include "core/settings.hpp"

namespace probe::resolve {

// A socket the resolver wants watched (POSIX descriptor; a SOCKET on Windows).
struct WatchedSocket {
  int fd = -1;
  bool want_read = false;
  bool want_write = false;
};

// What the event loop saw on a watched socket.
struct ReadySocket {
  int fd = -1;
  bool readable = false;
  bool writable = false;
};

class Resolver {
 public:
  using Done = std::function<void(core::DnsOutcome)>;
  virtual ~Resolver() = default;
  // Starts resolving `host` (A and/or AAAA per `family`); `done` is called exactly once, from
  // inside process() (or from resolve() itself when the answer is known at once), unless the
  // resolver is destroyed first.
  virtual void resolve(const std::string& host, core::AddressFamily family, Done done) = 0;
  // The sockets to watch now.
  [[nodiscard]] virtual std::vector<WatchedSocket> sockets() const = 0;
  // How long the loop may sleep before process() must run for the resolver's timers, at most
  // `cap`.
  [[nodiscard]] virtual core::Millis next_timeout(core::Millis cap) const = 0;
  // Handles socket activity and expired timers (an empty `ready` only runs the timers).
  virtual void process(const std::vector<ReadySocket>& ready) = 0;
  // True while a lookup is in flight.
  [[nodiscard]] virtual bool busy() const noexcept = 0;
  // The resolvers asked, as "ADDR:PORT" (the system's configuration when none was given).
  [[nodiscard]] virtual std::vector<std::string> servers() const = 0;
};

// A c-ares resolver: the system configuration, or settings.dns_servers ("ADDR[:PORT]", IPv6 as
// "[ADDR]:PORT"); each lookup tries once per server for settings.timeout. Fails (usage) when
// a --dns-server value is not usable, (internal) when c-ares cannot start.
core::Result<std::unique_ptr<Resolver>> make_resolver(const core::ProbeSettings& settings,
                                                      const core::Clock& clock);

// Resolves every host and waits for all answers (or `budget`), driving only the resolver:
// for callers that have no event loop of their own. Outcomes are in `hosts` order; a lookup
// still running at the end of the budget is a timeout.
std::vector<core::DnsOutcome> resolve_all(Resolver& resolver, const std::vector<std::string>& hosts,
                                          core::AddressFamily family, core::Millis budget,
                                          const core::Clock& clock);

// Polls the resolver's sockets for at most `wait` and processes what happened.
void poll_once(Resolver& resolver, core::Millis wait);

}  // namespace probe::resolve
