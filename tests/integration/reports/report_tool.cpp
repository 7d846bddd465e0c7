// Test driver for the report integration tests: renders the fixed sample report in a format,
// or pushes a metrics file to a Pushgateway through report::push_metrics.
//   pinprobe_report_tool render FORMAT OUTPUT
//   pinprobe_report_tool push URL SITE METRICS_FILE
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "connect/transport.hpp"
#include "report/atomic_file.hpp"
#include "report/push.hpp"
#include "report/render.hpp"
#include "sample_report.hpp"

int main(int argc, char** argv) {
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "render" && argc == 4) {
    probe::report::RenderOptions options;
    const auto format = probe::core::parse_report_format(argv[2]);
    if (!format) {
      std::cerr << "unknown report format '" << argv[2] << "'\n";
      return 2;
    }
    options.format = *format;
    auto rendered = probe::report::render(probe::report::testing::sample_report(), options);
    if (!rendered) {
      std::cerr << rendered.error().message << "\n";
      return 2;
    }
    auto written = probe::report::write_atomically(argv[3], *rendered);
    if (!written) {
      std::cerr << written.error().message << "\n";
      return 2;
    }
    return 0;
  }
  if (command == "push" && argc == 5) {
    std::ifstream in(argv[4], std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    probe::core::ProbeSettings settings;
    settings.no_proxy = true;
    const probe::core::SystemClock clock;
    auto http = probe::connect::make_http_client(settings, clock);
    if (!http) {
      std::cerr << http.error().message << "\n";
      return 2;
    }
    auto pushed =
        probe::report::push_metrics(**http, argv[2], text.str(), argv[3], settings.timeout, clock);
    if (!pushed) {
      std::cerr << pushed.error().message << "\n";
      return 1;
    }
    return 0;
  }
  std::cerr << "usage: pinprobe_report_tool render FORMAT OUTPUT | push URL SITE FILE\n";
  return 2;
}
