#include "report/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "core/text.hpp"

namespace probe::report {
namespace {

using core::escape_control;

constexpr std::string_view k_reset = "\x1b[0m";
constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_green = "\x1b[32m";
constexpr std::string_view k_yellow = "\x1b[33m";
constexpr std::string_view k_red = "\x1b[31m";
constexpr std::string_view k_dim = "\x1b[2m";

class Writer {
 public:
  explicit Writer(const RenderOptions& options) : m_options(options) {}

  [[nodiscard]] std::string paint(std::string_view text, std::string_view style) const {
    if (!m_options.color) return std::string(text);
    return fmt::format("{}{}{}", style, text, k_reset);
  }

  [[nodiscard]] std::string verdict(core::Severity severity) const {
    const auto name = core::verdict_name(severity);
    std::string upper = fmt::format("{:<4}", name);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](char c) { return static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c); });
    switch (severity) {
      case core::Severity::fail:
        return paint(upper, k_red);
      case core::Severity::warn:
        return paint(upper, k_yellow);
      case core::Severity::pass:
      case core::Severity::info:
        break;
    }
    return paint(upper, k_green);
  }

  // Appends `text` word-wrapped to the width: the first line after `first` (already
  // `first_width` visible columns wide), continuation lines indented by `indent` spaces.
  void wrapped(std::string_view first, std::size_t first_width, std::string_view text,
               std::size_t indent) {
    const auto width = static_cast<std::size_t>(std::max(m_options.width, 40));
    std::string line(first);
    std::size_t column = first_width;
    std::size_t pos = 0;
    bool line_has_word = false;
    // A prefix that leaves no room for the first word gets a line of its own.
    const auto first_word = text.substr(0, text.find(' '));
    if (first_width > indent && column + first_word.size() > width) {
      while (!line.empty() && line.back() == ' ') line.pop_back();
      m_out += line + "\n";
      line.assign(indent, ' ');
      column = indent;
    }
    while (pos < text.size()) {
      auto end = text.find(' ', pos);
      if (end == std::string_view::npos) end = text.size();
      const auto word = text.substr(pos, end - pos);
      if (line_has_word && column + 1 + word.size() > width) {
        m_out += line + "\n";
        line.assign(indent, ' ');
        column = indent;
        line_has_word = false;
      }
      if (line_has_word) {
        line += ' ';
        ++column;
      }
      line += word;
      column += word.size();
      line_has_word = true;
      pos = end + 1;
    }
    m_out += line + "\n";
  }

  void raw(std::string_view text) { m_out += text; }
  [[nodiscard]] const RenderOptions& options() const { return m_options; }
  std::string take() { return std::move(m_out); }

 private:
  const RenderOptions& m_options;
  std::string m_out;
};

std::string ms(core::Millis value) { return fmt::format("{}ms", value.count()); }

std::string times(const core::TargetResult& t) {
  std::string out;
  if (t.dns.status != core::DnsStatus::not_run) out += "dns " + ms(t.dns.elapsed);
  if (t.tcp.status != core::TcpStatus::not_run)
    out += (out.empty() ? "" : " ") + ("tcp " + ms(t.tcp.elapsed));
  if (t.tls.status != core::TlsStatus::not_run)
    out += (out.empty() ? "" : " ") + ("tls " + ms(t.tls.elapsed));
  return out.empty() ? "-" : out;
}

std::string host_port(const core::Target& target) {
  return fmt::format("{}:{}", escape_control(target.host, 253), target.port);
}

void chain_lines(Writer& w, const core::TargetResult& t) {
  for (std::size_t i = 0; i < t.chain.size(); ++i) {
    const auto& c = t.chain[i];
    w.wrapped(fmt::format("      [{}] subject ", i), 18, escape_control(c.subject), 18);
    w.wrapped("          issuer  ", 18, escape_control(c.issuer), 18);
    w.raw(fmt::format("          pin     {}  expires {}\n", escape_control(c.spki_pin, 64),
                      core::format_utc(c.not_after)));
  }
  if (t.verdict_detail && !t.verdict_detail->matched_pin.empty()) {
    const auto& v = *t.verdict_detail;
    w.raw(fmt::format("      matched pin {} ({}, {})\n", escape_control(v.matched_pin, 64),
                      escape_control(v.matched_label, 200), escape_control(v.matched_role, 32)));
  }
}

void target_section(Writer& w, const core::RunReport& report) {
  for (const auto& group : group_targets(report)) {
    const auto pinset = group.targets.empty() ? std::string() : group.targets[0]->target.pinset;
    w.raw(w.paint(fmt::format("{}  ({}{})", escape_control(group.allowlist, 253),
                              escape_control(group.name, 128),
                              pinset.empty() ? "" : ", pins " + escape_control(pinset, 128)),
                  k_bold) +
          "\n");
    for (const auto* t : group.targets) {
      const auto* decisive = decisive_finding(*t);
      // Aligned columns on a wide terminal; on a narrow one the fact goes below.
      const bool wide = w.options().width >= 110;
      const auto prefix = wide ? fmt::format("  {}  {:<32} {:<16} {:<26} ", w.verdict(t->verdict()),
                                             host_port(t->target), target_address(*t), times(*t))
                               : fmt::format("  {}  {}  {}  {} ", w.verdict(t->verdict()),
                                             host_port(t->target), target_address(*t), times(*t));
      const auto visible = wide ? 2 + 4 + 2 +
                                      std::max<std::size_t>(32, host_port(t->target).size()) + 1 +
                                      std::max<std::size_t>(16, target_address(*t).size()) + 1 +
                                      std::max<std::size_t>(26, times(*t).size()) + 1
                                : static_cast<std::size_t>(w.options().width) + 1;
      std::string fact = decisive != nullptr ? finding_line(*decisive, 2) : "no findings";
      if (!t->finished) fact += " [stopped by the deadline]";
      w.wrapped(prefix, visible, fact, 8);
      if (w.options().verbose) chain_lines(w, *t);
    }
    for (const auto* s : group.skipped) {
      w.wrapped(fmt::format("  {}  {:<32} ", w.paint("SKIP", k_dim), escape_control(s->host, 253)),
                40, escape_control(s->reason), 8);
    }
  }
}

void revocation_section(Writer& w, const core::RunReport& report) {
  if (report.revocation.empty()) return;
  w.raw("\n" + w.paint("revocation (port 80)", k_bold) + "\n");
  for (const auto& r : report.revocation) {
    const auto* decisive = static_cast<const core::Finding*>(nullptr);
    for (const auto& f : r.findings) {
      if (decisive == nullptr || f.severity > decisive->severity) decisive = &f;
    }
    const auto url = escape_control(r.url.url, 400);
    // caIssuers entries are information (the allowlist omits the host): never a PASS badge.
    const auto badge = r.url.kind == core::RevocationKind::ca_issuers ? std::string("INFO")
                                                                      : w.verdict(r.verdict());
    const auto prefix = fmt::format("  {}  {} ", badge, url);
    w.wrapped(prefix, 9 + url.size(),
              fmt::format("({}, {}, {}) {}", core::to_string(r.url.kind),
                          core::to_string(r.url.source), ms(r.outcome.http.elapsed),
                          decisive != nullptr ? finding_line(*decisive, 3) : "no findings"),
              8);
  }
}

bool counts(const core::Finding& f) {
  return f.severity == core::Severity::fail || f.severity == core::Severity::warn;
}

// The revocation URL a target finding was carried from (apply_to_targets copies the URL's
// findings with its evidence), or nullptr when the finding is the target's own.
const std::string* revocation_source(const core::RunReport& report, const core::Finding& f) {
  const auto url = std::find_if(f.evidence.begin(), f.evidence.end(),
                                [](const auto& kv) { return kv.first == "url"; });
  if (url == f.evidence.end()) return nullptr;
  for (const auto& r : report.revocation) {
    if (r.url.url != url->second) continue;
    for (const auto& rf : r.findings) {
      if (rf.code == f.code) return &r.url.url;
    }
  }
  return nullptr;
}

void finding_block(Writer& w, std::size_t number, std::string_view where, const core::Finding& f) {
  w.raw("\n");
  w.wrapped(fmt::format("{:>3}. {}  {} ", number, w.verdict(f.severity), where),
            5 + 6 + where.size() + 1, fmt::format("{}: {}", f.wire(), escape_control(f.message)),
            11);
  for (const auto& [key, value] : f.evidence) {
    const auto k = escape_control(key, 64);
    w.wrapped(fmt::format("           {}: ", k), 13 + k.size(), escape_control(value), 13);
  }
  w.wrapped("     fix: ", 10, std::string(f.remediation()), 10);
  for (auto symptom : f.symptoms()) w.wrapped("     device shows: ", 19, std::string(symptom), 10);
}

std::size_t failure_section(Writer& w, const core::RunReport& report) {
  std::size_t number = 0;
  bool header = false;
  auto head = [&] {
    if (!header) w.raw("\n" + w.paint("problems", k_bold) + "\n");
    header = true;
  };
  for (const auto& t : report.targets) {
    for (const auto& f : t.findings) {
      if (!counts(f)) continue;
      head();
      if (const auto* url = revocation_source(report, f)) {
        // Carried from a revocation URL: one line here, the evidence once under the URL.
        w.raw("\n");
        w.wrapped(
            fmt::format("{:>3}. {}  {} ", ++number, w.verdict(f.severity), host_port(t.target)),
            5 + 6 + host_port(t.target).size() + 1,
            fmt::format("{}: {} (evidence under {} below)", f.wire(), escape_control(f.message),
                        escape_control(*url, 400)),
            11);
        continue;
      }
      finding_block(w, ++number, host_port(t.target), f);
      if (w.options().verbose || f.code == core::FindingCode::tls_intercepted) {
        if (!t.chain.empty()) w.raw("     presented chain:\n");
        chain_lines(w, t);
      }
    }
  }
  for (const auto& r : report.revocation) {
    for (const auto& f : r.findings) {
      if (!counts(f)) continue;
      head();
      finding_block(w, ++number, escape_control(r.url.url, 400), f);
    }
  }
  return number;
}

void summary_line(Writer& w, const core::RunReport& report) {
  const auto s = report.summary();
  int revocation_failed = 0;
  for (const auto& r : report.revocation) {
    if (r.verdict() == core::Severity::fail) ++revocation_failed;
  }
  const auto verdict = report.verdict();
  std::string line = fmt::format(
      "{} targets: {} pass, {} warn, {} fail; revocation: {} of {} failed; {} skipped", s.targets,
      s.pass, s.warn, s.fail, revocation_failed, report.revocation.size(), report.skipped.size());
  if (report.deadline_exceeded) line += "; the deadline stopped the run";
  w.raw("\n");
  w.wrapped(
      fmt::format("{} ", w.verdict(verdict)), 5,
      fmt::format("{}; exit {} ({:.1f}s)", line, core::exit_code_for(verdict, w.options().strict),
                  static_cast<double>(report.duration.count()) / 1000.0),
      5);
}

}  // namespace

std::string render_text(const core::RunReport& report, const RenderOptions& options) {
  Writer w(options);
  if (!options.quiet) {
    const auto& env = report.environment;
    std::string head = fmt::format("{} {}", report.tool.name, report.tool.version);
    if (!env.site.empty()) head += "  site " + escape_control(env.site, 128);
    head += "  " + core::format_utc(report.started_at);
    if (!env.org.empty()) head += "  org " + escape_control(env.org, 128);
    head += "  proxy " + (env.proxy.empty() ? std::string("none") : escape_control(env.proxy, 256));
    std::string resolvers;
    for (const auto& r : env.resolvers)
      resolvers += (resolvers.empty() ? "" : ",") + escape_control(r, 64);
    head += "  dns " + (resolvers.empty() ? std::string("system") : resolvers);
    w.wrapped("", 0, head, 2);
    w.raw("\n");
    target_section(w, report);
    revocation_section(w, report);
  }
  failure_section(w, report);
  summary_line(w, report);
  return w.take();
}

}  // namespace probe::report
