// CPU benchmarks of the pure stages: configuration and plan, judging Okta's real chains, and
// rendering a large report in every format. Prints medians and ratios measured side by side in
// one run (never asserted anywhere: these machines are shared and noisy).
// Usage: pinprobe_micro_bench [SHARED_DIR] [RUNS]
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "config/defaults.hpp"
#include "config/file_source.hpp"
#include "core/clock.hpp"
#include "core/finding.hpp"
#include "core/report.hpp"
#include "report/render.hpp"
#include "tls/certificate.hpp"
#include "tls/judge.hpp"

namespace {

using probe::core::FixedClock;

// The median wall time in microseconds of `runs` calls of `body`, each repeating it `inner`
// times; returns the time per repetition.
double median_us(int runs, int inner, const std::function<void()>& body) {
  std::vector<double> samples;
  for (int r = 0; r < runs; ++r) {
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < inner; ++i) body();
    const auto end = std::chrono::steady_clock::now();
    samples.push_back(std::chrono::duration<double, std::micro>(end - start).count() / inner);
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

int fail(const std::string& what) {
  fmt::print(stderr, "pinprobe_micro_bench: {}\n", what);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string shared = argc > 1 ? argv[1] : "tests/fixtures";
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 7;

  auto bytes = probe::config::read_file(shared + "/okta-pki/okta.com-2026.pem");
  if (!bytes) return fail(bytes.error().message);
  auto chain = probe::tls::load_certificates(*bytes, "okta.com-2026.pem");
  if (!chain || chain->empty()) return fail("okta.com-2026.pem holds no certificate");
  auto leaf = probe::tls::describe_certificate(chain->front());
  if (!leaf) return fail(leaf.error().message);
  const FixedClock clock(leaf->not_before + std::chrono::hours(24 * 30));

  auto loaded = probe::config::load_config(std::nullopt, std::nullopt);
  if (!loaded) return fail(loaded.error().message);
  const auto* okta = loaded->pinsets.find("okta");
  if (okta == nullptr) return fail("no pinset okta");

  fmt::print("pinprobe micro benchmarks, median of {} runs\n\n", runs);

  // Configuration: the embedded domains.yaml and pinsets, then the plan.
  const double config_us = median_us(runs, 50, [] {
    auto c = probe::config::load_config(std::nullopt, std::nullopt);
    if (c) (void)probe::config::build_plan(c->domains, probe::config::PlanOptions{"acme", {}});
  });
  fmt::print("load embedded config + plan        {:9.1f} us\n", config_us);

  // The judge on the real *.okta.com chain: pinned, unpinned, and describing only.
  probe::tls::JudgeContext pinned;
  pinned.pinset = okta;
  pinned.clock = &clock;
  probe::tls::JudgeContext unpinned;
  unpinned.clock = &clock;
  std::string verdict;
  const double describe_us = median_us(runs, 200, [&] {
    for (const auto& der : *chain) (void)probe::tls::describe_certificate(der);
  });
  const double judge_pinned_us = median_us(runs, 200, [&] {
    auto j = probe::tls::judge_chain(*chain, "acme.okta.com", pinned);
    verdict = j.findings.empty() ? "none" : std::string(j.findings[0].wire());
  });
  const double judge_unpinned_us = median_us(
      runs, 200, [&] { (void)probe::tls::judge_chain(*chain, "acme.okta.com", unpinned); });
  fmt::print("describe the {}-certificate chain    {:9.1f} us\n", chain->size(), describe_us);
  fmt::print("judge it against pinset okta       {:9.1f} us  ({}; {:.1f}x describe)\n",
             judge_pinned_us, verdict, judge_pinned_us / describe_us);
  fmt::print("judge it with pins none            {:9.1f} us  ({:.2f}x pinned)\n\n",
             judge_unpinned_us, judge_unpinned_us / judge_pinned_us);

  // Rendering: a report of 500 judged targets in every format, relative to JSON.
  probe::core::RunReport report;
  report.started_at = clock.now();
  for (int i = 0; i < 500; ++i) {
    probe::core::TargetResult t;
    t.target = {fmt::format("host{}.okta.com", i),
                443,
                fmt::format("group{}", i % 15),
                "*.okta.com",
                "okta",
                false,
                nullptr};
    t.tls.status = probe::core::TlsStatus::handshake_ok;
    t.tls.chain_der = *chain;
    probe::tls::judge_target(t, pinned);
    t.finished = true;
    report.targets.push_back(std::move(t));
  }
  double json_us = 0;
  for (const char* format : {"json", "text", "junit", "prom", "html"}) {
    probe::report::RenderOptions options;
    options.format = probe::core::parse_report_format(format).value();
    std::size_t size = 0;
    const double us = median_us(runs, 3, [&] {
      auto out = probe::report::render(report, options);
      size = out ? out->size() : 0;
    });
    if (json_us == 0) json_us = us;
    fmt::print("render 500 targets as {:<5}        {:9.1f} us  {:8} bytes  ({:.2f}x json)\n",
               format, us, size, us / json_us);
  }
  return 0;
}
