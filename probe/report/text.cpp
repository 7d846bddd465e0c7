#include "report/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "core/text.hpp"
#include "report/actions.hpp"

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
                      escape_control(v.matched_label, 200),
                      v.matched_role ? core::to_string(*v.matched_role) : std::string_view()));
  }
}

// A passing target in one line: the columns and its decisive code, the evidence and the chain
// only with --verbose (a sweep of many targets stays readable). False when it is not that.
bool passing_line(Writer& w, const core::TargetResult& t, const std::string& prefix,
                  std::size_t visible) {
  const auto verdict = t.verdict();
  if (w.options().verbose || !t.finished ||
      (verdict != core::Severity::pass && verdict != core::Severity::info)) {
    return false;
  }
  const auto* decisive = decisive_finding(t);
  w.wrapped(prefix, visible, decisive != nullptr ? std::string(decisive->wire()) : "ok", 8);
  return true;
}

// One target's line: aligned columns on a wide terminal; on a narrow one the fact goes below.
void target_line(Writer& w, const core::TargetResult& t, bool show_routes) {
  const auto* decisive = decisive_finding(t);
  const bool wide = w.options().width >= 110;
  const auto hp = host_port(t.target);
  const auto address = target_address(t);
  const auto phases = times(t);
  const auto prefix =
      wide ? fmt::format("  {}  {:<32} {:<16} {:<26} ", w.verdict(t.verdict()), hp, address, phases)
           : fmt::format("  {}  {}  {}  {} ", w.verdict(t.verdict()), hp, address, phases);
  const auto visible = wide ? 2 + 4 + 2 + std::max<std::size_t>(32, hp.size()) + 1 +
                                  std::max<std::size_t>(16, address.size()) + 1 +
                                  std::max<std::size_t>(26, phases.size()) + 1
                            : static_cast<std::size_t>(w.options().width) + 1;
  const auto narrow_visible = 2 + 4 + 2 + hp.size() + 2 + address.size() + 2 + phases.size() + 1;
  const bool one_line = passing_line(w, t, prefix, wide ? visible : narrow_visible);
  if (!one_line) {
    std::string fact = decisive != nullptr ? finding_line(*decisive, 2) : "no findings";
    if (!t.finished) fact += " [stopped by the deadline]";
    w.wrapped(prefix, visible, fact, 8);
  }
  // The path is part of the answer even for a passing target (--pac, --compare-paths).
  if (show_routes && !t.route.empty()) w.wrapped("        ", 8, route_text(t.route), 10);
  if (t.compare) w.wrapped("        ", 8, compare_text(*t.compare), 10);
  if (!one_line && w.options().verbose) chain_lines(w, t);
}

void target_section(Writer& w, const core::RunReport& report) {
  const bool show_routes = !report.environment.routes.empty() || report.environment.compare_paths;
  for (const auto& group : group_targets(report)) {
    const auto pinset =
        group.targets.empty() ? std::string() : group.targets[0]->target.pinset.value_or("none");
    w.raw(w.paint(fmt::format("{}  ({}{})", escape_control(group.allowlist, 253),
                              escape_control(group.name, 128),
                              pinset.empty() ? "" : ", pins " + escape_control(pinset, 128)),
                  k_bold) +
          "\n");
    for (const auto* t : group.targets) target_line(w, *t, show_routes);
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

// One block per cause (report::group_problems): a revocation URL's failure once, with the
// targets citing it; an interception once per re-signing CA, with the targets it re-signed.
void finding_block(Writer& w, std::size_t number, const Problem& p) {
  const auto& f = *p.finding;
  const auto where = escape_control(p.where, 400);
  w.raw("\n");
  w.wrapped(fmt::format("{:>3}. {}  {} ", number, w.verdict(f.severity), where),
            5 + 6 + where.size() + 1, fmt::format("{}: {}", f.wire(), escape_control(f.message)),
            11);
  if (p.targets.size() > 1 || (p.target == nullptr && !p.targets.empty())) {
    std::string list;
    for (const auto& t : p.targets) list += (list.empty() ? "" : ", ") + escape_control(t, 260);
    w.wrapped("           affects: ", 21, fmt::format("{} ({})", list, p.targets.size()), 13);
  }
  for (const auto& [key, value] : f.evidence) {
    const auto k = escape_control(key, 64);
    w.wrapped(fmt::format("           {}: ", k), 13 + k.size(), escape_control(value), 13);
  }
  w.wrapped("     fix: ", 10,
            escape_control(remediation_for(f, *p.vendor, p.target == nullptr ? p.where : "")), 10);
  for (const auto& symptom : p.vendor->symptoms(f.code)) {
    w.wrapped("     device shows: ", 19, escape_control(symptom), 10);
  }
}

std::size_t failure_section(Writer& w, const core::RunReport& report) {
  const auto problems = group_problems(report);
  if (problems.empty()) return 0;
  w.raw("\n" + w.paint("problems", k_bold) + "\n");
  std::size_t number = 0;
  for (const auto& p : problems) {
    finding_block(w, ++number, p);
    const bool chain = w.options().verbose || p.finding->code == core::FindingCode::tls_intercepted;
    if (p.target != nullptr && chain) {
      if (!p.target->chain.empty()) w.raw("     presented chain:\n");
      chain_lines(w, *p.target);
    }
  }
  return number;
}

// The action list (report::plan_actions): the consolidated rule changes, first thing a
// firewall owner reads, each with the evidence it comes from.
void actions_section(Writer& w, const core::RunReport& report) {
  const auto actions = plan_actions(report);
  if (actions.empty()) return;
  w.raw(w.paint("what to change", k_bold) + "\n");
  std::size_t number = 0;
  auto list = [&w](std::string_view label, const std::vector<std::string>& items) {
    if (items.empty()) return;
    std::string text;
    for (const auto& i : items) text += (text.empty() ? "" : ", ") + escape_control(i, 400);
    w.wrapped(fmt::format("       {}: ", label), 9 + label.size(), text, 9);
  };
  for (const auto& a : actions) {
    w.wrapped(fmt::format("  {:>2}. ", ++number), 6, escape_control(action_sentence(a)), 6);
    for (const auto& d : a.details) w.wrapped("       ", 7, escape_control(d), 9);
    list("targets", a.targets);
    list("urls", a.urls);
    list("codes", a.codes);
  }
  w.raw("\n");
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
    if (!env.routes.empty()) head += "  routes " + escape_control(env.routes, 400);
    w.wrapped("", 0, head, 2);
    w.raw("\n");
  }
  actions_section(w, report);
  if (!options.quiet) {
    target_section(w, report);
    revocation_section(w, report);
  }
  failure_section(w, report);
  summary_line(w, report);
  return w.take();
}

}  // namespace probe::report
