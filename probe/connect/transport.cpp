#include "connect/transport.hpp"

#include <curl/curl.h>
#ifndef _WIN32
#include <sys/resource.h>
#endif

#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <optional>

#include "connect/transfer_job.hpp"
#include "core/text.hpp"

namespace probe::connect {
namespace {

using detail::CurlMultiPtr;
using detail::TransferJob;

constexpr int k_fd_reserve = 64;  // descriptors kept for c-ares, files and the terminal

long fd_limit() noexcept {
#ifdef _WIN32
  return 8192;  // sockets are not counted against a small table on Windows
#else
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  // Raise the soft limit to the hard one: a sweep of many black-holed hosts needs sockets.
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = std::min<rlim_t>(limit.rlim_max, 65536);
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? 65536 : static_cast<long>(limit.rlim_cur);
#endif
}

// One host's lookup for HTTP requests, shared by every request naming it in this run.
struct HostLookup {
  bool done = false;
  core::DnsOutcome outcome;
  std::vector<std::function<void(const core::DnsOutcome&)>> waiters;
};

}  // namespace

int transfer_cap(int concurrency, long fd_limit_value) noexcept {
  const long by_fds = std::max<long>((fd_limit_value - k_fd_reserve) / 2, 1);
  return static_cast<int>(std::clamp<long>(concurrency, 1, by_fds));
}

struct Transport::Impl {
  Impl(const core::ProbeSettings& s, const core::Clock& c, resolve::Resolver& r, EnvFn e, CURLM* m)
      : settings(s), clock(c), resolver(r), env(std::move(e)), multi(m) {
    cap = static_cast<std::size_t>(transfer_cap(settings.concurrency, fd_limit()));
  }

  ~Impl() { drop_active(); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  void drop_active() {
    for (auto& [easy, job] : active) curl_multi_remove_handle(multi.get(), easy);
    active.clear();
  }

  // The time an operation started now may take: the step timeout, cut at the deadline.
  [[nodiscard]] core::Millis budget() const {
    auto t = settings.timeout;
    if (deadline) {
      const auto left = std::chrono::duration_cast<core::Millis>(*deadline - clock.steady_now());
      t = std::min(t, left);
    }
    return std::max(t, core::Millis{1});
  }

  void queue(std::unique_ptr<TransferJob> job) { pending.push_back(std::move(job)); }

  void start_pending() {
    while (!pending.empty() && active.size() < cap) {
      auto job = std::move(pending.front());
      pending.pop_front();
      const auto limit = budget();
      job->deadline_cut = limit < settings.timeout;
      if (!job->setup(limit)) {
        later([job = std::shared_ptr<TransferJob>(std::move(job))] {
          job->fail("cannot set up the transfer");
        });
        continue;
      }
      CURL* easy = job->easy();
      if (curl_multi_add_handle(multi.get(), easy) != CURLM_OK) {
        later([job = std::shared_ptr<TransferJob>(std::move(job))] {
          job->fail("curl_multi_add_handle failed");
        });
        continue;
      }
      active.emplace(easy, std::move(job));
    }
  }

  // Runs `fn` from the next step(): callbacks never run inside start()/connect().
  void later(std::function<void()> fn) { deferred.push_back(std::move(fn)); }

  void run_deferred() {
    // Bounded: callbacks queued while running wait for the next round.
    auto now = std::move(deferred);
    deferred.clear();
    for (auto& fn : now) fn();
  }

  void lookup(const std::string& host, std::function<void(const core::DnsOutcome&)> done) {
    auto& entry = hosts[host];
    if (entry.done) {
      later([done = std::move(done), outcome = entry.outcome] { done(outcome); });
      return;
    }
    entry.waiters.push_back(std::move(done));
    if (entry.waiters.size() > 1) return;  // already asked
    const auto generation = cancel_generation;
    resolver.resolve(host, settings.family, [this, host, generation](core::DnsOutcome outcome) {
      if (generation != cancel_generation) return;
      auto& e = hosts[host];
      e.done = true;
      e.outcome = std::move(outcome);
      auto waiters = std::move(e.waiters);
      e.waiters.clear();
      for (auto& w : waiters) w(e.outcome);
    });
  }

  void start_http(core::HttpRequest request, std::optional<ProxyChoice> route,
                  core::HttpClient::Done done) {
    const auto parts = detail::url_parts(request.url);
    if (parts.host.empty() || (parts.scheme != "http" && parts.scheme != "https")) {
      later([request = std::move(request), done = std::move(done)] {
        core::HttpResponse response;
        response.outcome.attempted = true;
        response.outcome.detail = "not an http: or https: URL";
        response.final_url = request.url;
        done(std::move(response));
      });
      return;
    }
    auto proxy = route ? std::move(*route) : choose_proxy(parts.scheme, parts.host, settings, env);
    if (!proxy.direct() || parts.ip_literal) {
      queue(detail::make_http_job(std::move(request), settings, std::move(proxy), {}, {},
                                  std::move(done)));
      return;
    }
    if (const auto* pin = core::find_override(settings.resolve, parts.host, parts.port)) {
      core::DnsOutcome dns;
      dns.status = core::DnsStatus::ok;
      dns.from_override = true;
      queue(detail::make_http_job(std::move(request), settings, std::move(proxy),
                                  pin->addresses.front(), std::move(dns), std::move(done)));
      return;
    }
    ++dns_waiting;
    lookup(parts.host, [this, request = std::move(request), proxy = std::move(proxy),
                        done = std::move(done)](const core::DnsOutcome& dns) mutable {
      --dns_waiting;
      if (dns.status != core::DnsStatus::ok || dns.addresses.empty()) {
        core::HttpResponse response;
        response.outcome.attempted = true;
        response.outcome.dns =
            dns.status == core::DnsStatus::ok ? core::DnsStatus::no_address : dns.status;
        response.outcome.detail = fmt::format(
            "name resolution failed: {}",
            dns.detail.empty() ? core::to_string(dns.status) : std::string_view(dns.detail));
        response.final_url = request.url;
        done(std::move(response));
        return;
      }
      queue(detail::make_http_job(std::move(request), settings, std::move(proxy),
                                  dns.addresses.front().address, dns, std::move(done)));
    });
  }

  void step(core::Millis max_wait) {
    if (!deferred.empty()) {
      run_deferred();
      max_wait = core::Millis{0};
    }
    start_pending();
    const auto watched = resolver.sockets();
    std::vector<curl_waitfd> fds;
    fds.reserve(watched.size());
    for (const auto& w : watched) {
      curl_waitfd fd{};
      fd.fd = static_cast<curl_socket_t>(w.fd);
      fd.events = static_cast<short>((w.want_read ? CURL_WAIT_POLLIN : 0) |
                                     (w.want_write ? CURL_WAIT_POLLOUT : 0));
      fds.push_back(fd);
    }
    auto sleep = resolver.busy() ? resolver.next_timeout(max_wait) : max_wait;
    if (deadline) {
      const auto left = std::chrono::duration_cast<core::Millis>(*deadline - clock.steady_now());
      sleep = std::min(sleep, std::max(left, core::Millis{0}));
    }
    int numfds = 0;
    curl_multi_poll(multi.get(), fds.data(), static_cast<unsigned int>(fds.size()),
                    static_cast<int>(std::max<long long>(sleep.count(), 0)), &numfds);
    std::vector<resolve::ReadySocket> ready;
    for (const auto& fd : fds) {
      if (fd.revents == 0) continue;
      ready.push_back({static_cast<int>(fd.fd),
                       (fd.revents & (CURL_WAIT_POLLIN | CURL_WAIT_POLLPRI)) != 0,
                       (fd.revents & CURL_WAIT_POLLOUT) != 0});
    }
    if (resolver.busy()) resolver.process(ready);
    start_pending();
    int running = 0;
    curl_multi_perform(multi.get(), &running);
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      const CURLcode code = msg->data.result;
      curl_multi_remove_handle(multi.get(), easy);
      auto node = active.extract(easy);
      if (node.empty()) continue;
      if (code == CURLE_OPERATION_TIMEDOUT && node.mapped()->deadline_cut) {
        // The deadline fired: the operation stays unanswered, as if still open.
        ++deadline_stopped;
        continue;
      }
      node.mapped()->finish(code);
    }
    start_pending();
    run_deferred();
  }

  void cancel_all() {
    drop_active();
    pending.clear();
    deferred.clear();
    ++cancel_generation;
    hosts.clear();
    dns_waiting = 0;
  }

  const core::ProbeSettings& settings;
  const core::Clock& clock;
  resolve::Resolver& resolver;
  EnvFn env;
  CurlMultiPtr multi;
  std::size_t cap = 1;
  std::optional<core::SteadyTime> deadline;
  std::deque<std::unique_ptr<TransferJob>> pending;
  std::map<CURL*, std::unique_ptr<TransferJob>> active;
  std::vector<std::function<void()>> deferred;
  std::map<std::string, HostLookup> hosts;
  std::size_t dns_waiting = 0;
  std::size_t deadline_stopped = 0;  // transfers the deadline ended (never answered)
  unsigned cancel_generation = 0;
};

core::Result<std::unique_ptr<Transport>> Transport::create(const core::ProbeSettings& settings,
                                                           const core::Clock& clock,
                                                           resolve::Resolver& resolver, EnvFn env) {
  CURLM* multi = curl_multi_init();
  if (multi == nullptr)
    return core::unexpected(core::ErrorKind::internal, "curl_multi_init failed");
  auto impl = std::make_unique<Impl>(settings, clock, resolver, std::move(env), multi);
  return std::unique_ptr<Transport>(new Transport(std::move(impl)));
}

Transport::Transport(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Transport::~Transport() = default;

void Transport::set_deadline(core::SteadyTime at) noexcept { m_impl->deadline = at; }

void Transport::step(core::Millis max_wait) { m_impl->step(max_wait); }

bool Transport::busy() const noexcept {
  return !m_impl->active.empty() || !m_impl->pending.empty() || !m_impl->deferred.empty() ||
         m_impl->dns_waiting > 0;
}

void Transport::cancel_all() { m_impl->cancel_all(); }

void Transport::connect(ConnectRequest request, Connector::Done done) {
  m_impl->queue(detail::make_handshake_job(std::move(request), m_impl->settings, std::move(done)));
}

void Transport::start(core::HttpRequest request, core::HttpClient::Done done) {
  m_impl->start_http(std::move(request), std::nullopt, std::move(done));
}

void Transport::start_via(core::HttpRequest request, ProxyChoice proxy,
                          core::HttpClient::Done done) {
  m_impl->start_http(std::move(request), std::move(proxy), std::move(done));
}

namespace {

class OwningHttpClient final : public core::HttpClient {
 public:
  OwningHttpClient(std::unique_ptr<resolve::Resolver> resolver, core::ProbeSettings settings)
      : m_settings(std::move(settings)), m_resolver(std::move(resolver)) {}
  void attach(std::unique_ptr<Transport> transport) { m_transport = std::move(transport); }
  const core::ProbeSettings& settings() const noexcept { return m_settings; }
  resolve::Resolver& resolver() noexcept { return *m_resolver; }

  void start(core::HttpRequest request, Done done) override {
    m_transport->start(std::move(request), std::move(done));
  }
  core::EventLoop& loop() noexcept override { return *m_transport; }

 private:
  core::ProbeSettings m_settings;
  std::unique_ptr<resolve::Resolver> m_resolver;
  std::unique_ptr<Transport> m_transport;  // destroyed before the resolver it polls
};

}  // namespace

core::Result<std::unique_ptr<core::HttpClient>> make_http_client(
    const core::ProbeSettings& settings, const core::Clock& clock) {
  auto resolver = resolve::make_resolver(settings, clock);
  if (!resolver) return core::unexpected(resolver.error());
  auto client = std::make_unique<OwningHttpClient>(std::move(*resolver), settings);
  auto transport = Transport::create(client->settings(), clock, client->resolver(), process_env());
  if (!transport) return core::unexpected(transport.error());
  client->attach(std::move(*transport));
  return std::unique_ptr<core::HttpClient>(std::move(client));
}

}  // namespace probe::connect
