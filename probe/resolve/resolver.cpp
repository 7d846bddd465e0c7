#include "resolve/resolver.hpp"

#include <ares.h>
#ifdef _WIN32
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#endif

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <deque>
#include <map>
#include <type_traits>

#include "core/narrow.hpp"
#include "core/text.hpp"
#include "lib/cptr.hpp"
#include "resolve/answer.hpp"

namespace probe::resolve {
namespace {

constexpr int k_class_in = 1;  // RFC 1035 §3.2.4
// Queries in flight at once per resolver (each lookup is one or two queries): a burst of
// thousands of names overflows a local resolver's socket buffers and its forwarding table,
// and a dropped query looks exactly like a resolver that does not answer.
constexpr std::size_t k_max_queries_in_flight = 128;
// Tries per query within one --timeout: c-ares doubles the wait on each retry, so the tries
// of one server take 1 + 2 + 4 = 7 times the first wait.
constexpr int k_tries = 3;
constexpr int k_backoff_sum = 7;

using AresChannelPtr = lib::CPtr<std::remove_pointer_t<ares_channel>, &ares_destroy>;

// One host's lookup: one or two queries whose answers are merged.
struct Lookup {
  std::string host;
  Resolver::Done done;
  core::SteadyTime started;
  std::vector<int> types;  // the queries to send: A and/or AAAA
  int pending = 0;
  core::DnsOutcome outcome;
  std::vector<core::DnsStatus> statuses;
};

struct Query {
  class AresResolver* owner = nullptr;
  Lookup* lookup = nullptr;
  int type = k_type_a;
};

// The failure that decides a lookup without addresses, most telling first.
core::DnsStatus merge_status(const std::vector<core::DnsStatus>& statuses) {
  for (const auto s :
       {core::DnsStatus::nxdomain, core::DnsStatus::servfail, core::DnsStatus::refused,
        core::DnsStatus::timeout, core::DnsStatus::error}) {
    if (std::find(statuses.begin(), statuses.end(), s) != statuses.end()) return s;
  }
  return core::DnsStatus::no_address;
}

core::DnsStatus status_of(int ares_status) {
  switch (ares_status) {
    case ARES_SUCCESS:
      return core::DnsStatus::ok;
    case ARES_ENODATA:
      return core::DnsStatus::no_address;
    case ARES_ENOTFOUND:
      return core::DnsStatus::nxdomain;
    case ARES_ESERVFAIL:
      return core::DnsStatus::servfail;
    case ARES_EREFUSED:
      return core::DnsStatus::refused;
    case ARES_ETIMEOUT:
    case ARES_ECONNREFUSED:  // nothing listens where the resolver should be: no answer
      return core::DnsStatus::timeout;
    default:
      return core::DnsStatus::error;
  }
}

std::string ntop(int family, const void* addr) {
  std::array<char, 64> buf{};
  if (inet_ntop(family, addr, buf.data(), static_cast<socklen_t>(buf.size())) == nullptr) {
    return {};
  }
  return buf.data();
}

class AresResolver final : public Resolver {
 public:
  AresResolver(AresChannelPtr channel, std::vector<std::string> servers, const core::Clock& clock)
      : m_channel(std::move(channel)), m_servers(std::move(servers)), m_clock(clock) {}

  ~AresResolver() override {
    m_destroying = true;
    m_channel.reset();  // cancels queries: callbacks see ARES_EDESTRUCTION and do nothing
  }

  void resolve(const std::string& host, core::AddressFamily family, Done done) override {
    auto lookup = std::make_unique<Lookup>();
    lookup->host = host;
    lookup->done = std::move(done);
    lookup->outcome.resolver = describe_servers();
    if (family != core::AddressFamily::v6) lookup->types.push_back(k_type_a);
    if (family != core::AddressFamily::v4) lookup->types.push_back(k_type_aaaa);
    Lookup* raw = lookup.get();
    m_lookups.emplace(raw, std::move(lookup));
    m_queue.push_back(raw);
    dispatch();
  }

  [[nodiscard]] std::vector<WatchedSocket> sockets() const override {
    std::array<ares_socket_t, ARES_GETSOCK_MAXNUM> socks{};
    const int mask = ares_getsock(m_channel.get(), socks.data(), ARES_GETSOCK_MAXNUM);
    std::vector<WatchedSocket> out;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      const bool r = ARES_GETSOCK_READABLE(mask, i);
      const bool w = ARES_GETSOCK_WRITABLE(mask, i);
      if (!r && !w) continue;
      out.push_back({static_cast<int>(socks[static_cast<std::size_t>(i)]), r, w});
    }
    return out;
  }

  [[nodiscard]] core::Millis next_timeout(core::Millis cap) const override {
    timeval max{};
    max.tv_sec = static_cast<decltype(max.tv_sec)>(cap.count() / 1000);
    max.tv_usec = static_cast<decltype(max.tv_usec)>((cap.count() % 1000) * 1000);
    timeval tv{};
    const timeval* t = ares_timeout(m_channel.get(), &max, &tv);
    if (t == nullptr) return cap;
    return core::Millis{static_cast<long long>(t->tv_sec) * 1000 + t->tv_usec / 1000};
  }

  void process(const std::vector<ReadySocket>& ready) override {
    for (const auto& r : ready) {
      const auto fd = static_cast<ares_socket_t>(r.fd);  // a SOCKET on Windows
      ares_process_fd(m_channel.get(), r.readable ? fd : ARES_SOCKET_BAD,
                      r.writable ? fd : ARES_SOCKET_BAD);
    }
    ares_process_fd(m_channel.get(), ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // timers
  }

  [[nodiscard]] bool busy() const noexcept override { return !m_lookups.empty(); }
  [[nodiscard]] std::vector<std::string> servers() const override { return m_servers; }

 private:
  // Sends queued lookups while the number of queries in flight allows.
  void dispatch() {
    while (!m_queue.empty() && !m_destroying &&
           m_in_flight + m_queue.front()->types.size() <= k_max_queries_in_flight) {
      Lookup* lookup = m_queue.front();
      m_queue.pop_front();
      lookup->started = m_clock.steady_now();
      lookup->pending = static_cast<int>(lookup->types.size());
      m_in_flight += lookup->types.size();
      const auto types = lookup->types;  // a synchronous answer may end the lookup
      const std::string host = lookup->host;
      for (const int type : types) {
        auto* query = new Query{this, lookup, type};  // owned by the callback, which deletes it
        ares_query(m_channel.get(), host.c_str(), k_class_in, type, &AresResolver::on_answer,
                   query);
      }
    }
  }

  [[nodiscard]] std::string describe_servers() const {
    std::string out;
    for (const auto& s : m_servers) out += (out.empty() ? "" : ",") + s;
    return out.empty() ? std::string("system") : out;
  }

  static void on_answer(void* arg, int status, int /*timeouts*/, unsigned char* abuf,
                        int alen) noexcept {
    std::unique_ptr<Query> query(static_cast<Query*>(arg));
    if (status == ARES_EDESTRUCTION || query->owner->m_destroying) return;
    auto* owner = query->owner;
    --owner->m_in_flight;
    try {
      owner->answer(*query, status, abuf, alen);
      owner->dispatch();
    } catch (...) {
      // A callback never throws into c-ares; the lookup's Done may be lost only on OOM.
    }
  }

  void answer(const Query& query, int status, const unsigned char* abuf, int alen) {
    Lookup& lookup = *query.lookup;
    auto& out = lookup.outcome;
    if (abuf != nullptr && alen >= 4) out.rcode = std::max(out.rcode, abuf[3] & 0x0f);
    if (status == ARES_SUCCESS) status = parse(query.type, abuf, alen, out);
    lookup.statuses.push_back(status_of(status));
    if (status != ARES_SUCCESS && status != ARES_ENODATA) {
      const std::string what =
          fmt::format("{}: {}", query.type == k_type_a ? "A" : "AAAA", ares_strerror(status));
      if (out.detail.find(what) == std::string::npos) {
        out.detail += (out.detail.empty() ? "" : "; ") + what;
      }
    }
    if (--lookup.pending > 0) return;
    out.status = out.addresses.empty() ? merge_status(lookup.statuses) : core::DnsStatus::ok;
    // Addresses came from a NOERROR answer: the other family's failure stays in `detail` only.
    if (!out.addresses.empty()) out.rcode = 0;
    out.elapsed = std::chrono::duration_cast<core::Millis>(m_clock.steady_now() - lookup.started);
    auto node = m_lookups.extract(&lookup);
    auto done = std::move(node.mapped()->done);
    auto result = std::move(node.mapped()->outcome);
    node = {};
    if (done) done(std::move(result));
  }

  static int parse(int type, const unsigned char* abuf, int alen, core::DnsOutcome& out) {
    if (abuf == nullptr || alen < 0) return ARES_EBADRESP;
    auto parsed = parse_answer(type, std::string_view(reinterpret_cast<const char*>(abuf),
                                                      static_cast<std::size_t>(alen)));
    out.addresses.insert(out.addresses.end(), parsed.addresses.begin(), parsed.addresses.end());
    if (out.cname_chain.empty()) out.cname_chain = std::move(parsed.cname_chain);
    return parsed.status;
  }

  AresChannelPtr m_channel;
  std::vector<std::string> m_servers;
  const core::Clock& m_clock;
  std::map<Lookup*, std::unique_ptr<Lookup>> m_lookups;
  std::deque<Lookup*> m_queue;  // lookups not sent yet (k_max_queries_in_flight)
  std::size_t m_in_flight = 0;  // queries sent and not answered
  bool m_destroying = false;
};

std::vector<std::string> configured_servers(ares_channel channel) {
  std::vector<std::string> out;
  ares_addr_port_node* nodes = nullptr;
  if (ares_get_servers_ports(channel, &nodes) != ARES_SUCCESS) return out;
  for (auto* n = nodes; n != nullptr; n = n->next) {
    const int port = n->udp_port != 0 ? n->udp_port : 53;
    if (n->family == AF_INET) {
      out.push_back(fmt::format("{}:{}", ntop(AF_INET, &n->addr.addr4), port));
    } else {
      out.push_back(fmt::format("[{}]:{}", ntop(AF_INET6, &n->addr.addr6), port));
    }
  }
  ares_free_data(nodes);
  return out;
}

}  // namespace

core::Result<std::unique_ptr<Resolver>> make_resolver(const core::ProbeSettings& settings,
                                                      const core::Clock& clock) {
  ares_options options{};
  // The tries of one query fit in --timeout; a resolver that never answers is a timeout then.
  options.timeout =
      static_cast<int>(std::clamp<long long>(settings.timeout.count() / k_backoff_sum, 1, 600000));
  options.tries = k_tries;
  options.flags = ARES_FLAG_NOCHECKRESP;  // SERVFAIL and REFUSED are answers to report
  const int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS;
  ares_channel raw = nullptr;
  if (const int rc = ares_init_options(&raw, &options, mask); rc != ARES_SUCCESS) {
    return core::unexpected(core::ErrorKind::internal,
                            fmt::format("cannot start the resolver: {}", ares_strerror(rc)));
  }
  AresChannelPtr channel(raw);
  if (!settings.dns_servers.empty()) {
    std::string csv;
    for (const auto& s : settings.dns_servers) csv += (csv.empty() ? "" : ",") + s;
    if (const int rc = ares_set_servers_ports_csv(channel.get(), csv.c_str()); rc != ARES_SUCCESS) {
      return core::unexpected(core::ErrorKind::usage,
                              fmt::format("--dns-server {}: {}", csv, ares_strerror(rc)));
    }
  }
  auto servers = configured_servers(channel.get());
  return std::unique_ptr<Resolver>(
      std::make_unique<AresResolver>(std::move(channel), std::move(servers), clock));
}

void poll_once(Resolver& resolver, core::Millis wait) {
  const auto watched = resolver.sockets();
  std::vector<pollfd> fds;
  for (const auto& w : watched) {
    pollfd p{};
    p.fd = static_cast<decltype(p.fd)>(w.fd);
    p.events = static_cast<short>((w.want_read ? POLLIN : 0) | (w.want_write ? POLLOUT : 0));
    fds.push_back(p);
  }
  const auto sleep = resolver.next_timeout(wait);
#ifdef _WIN32
  // WSAPoll fails at once on an empty set where poll(2) sleeps: sleep explicitly.
  if (fds.empty()) {
    ::Sleep(static_cast<DWORD>(sleep.count()));
  } else {
    ::WSAPoll(fds.data(), static_cast<ULONG>(fds.size()), static_cast<INT>(sleep.count()));
  }
#else
  ::poll(fds.data(), static_cast<nfds_t>(fds.size()), static_cast<int>(sleep.count()));
#endif
  std::vector<ReadySocket> ready;
  for (const auto& p : fds) {
    if (p.revents == 0) continue;
    ready.push_back({static_cast<int>(p.fd), (p.revents & (POLLIN | POLLERR | POLLHUP)) != 0,
                     (p.revents & POLLOUT) != 0});
  }
  resolver.process(ready);
}

std::vector<core::DnsOutcome> resolve_all(Resolver& resolver, const std::vector<std::string>& hosts,
                                          core::AddressFamily family, core::Millis budget,
                                          const core::Clock& clock) {
  std::vector<core::DnsOutcome> out(hosts.size());
  std::vector<bool> done(hosts.size(), false);
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    resolver.resolve(hosts[i], family, [&out, &done, i](core::DnsOutcome o) {
      out[i] = std::move(o);
      done[i] = true;
    });
  }
  const auto end = clock.steady_now() + budget;
  // Bounded: each pass sleeps up to 50 ms and the loop ends at the budget.
  while (resolver.busy() && clock.steady_now() < end) poll_once(resolver, core::Millis{50});
  for (std::size_t i = 0; i < hosts.size(); ++i) {
    if (done[i]) continue;
    out[i].status = core::DnsStatus::timeout;
    out[i].detail = "no answer within the time budget";
  }
  return out;
}

}  // namespace probe::resolve
