#include "report/html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>

#include "core/text.hpp"
#include "report/actions.hpp"

namespace probe::report {
namespace {

using Check = core::FindingCategory;
constexpr std::array<std::string_view, 5> k_check_names{"DNS", "TCP / proxy", "TLS / pins", "mTLS",
                                                        "Revocation"};

Check check_of(core::FindingCode code) { return core::spec_of(code).category; }

static_assert(static_cast<std::size_t>(Check::other) == k_check_names.size(),
              "one matrix column per FindingCategory but other");

// A matrix cell: not run (n/a), or the worst severity seen with how many targets failed.
struct Cell {
  bool ran = false;
  core::Severity worst = core::Severity::pass;
  int bad = 0;
  int total = 0;
  std::vector<std::string> bad_hosts;  // the targets that warned or failed, named in the cell
};

void note(Cell& cell, bool ran, core::Severity severity, const core::Target& target) {
  if (!ran) return;
  cell.ran = true;
  ++cell.total;
  if (severity == core::Severity::info) severity = core::Severity::pass;
  cell.worst = std::max(cell.worst, severity);
  if (severity >= core::Severity::warn) {
    ++cell.bad;
    cell.bad_hosts.push_back(fmt::format("{}:{}", target.host, target.port));
  }
}

core::Severity worst_in(const std::vector<core::Finding>& findings, Check check) {
  auto worst = core::Severity::pass;
  for (const auto& f : findings) {
    if (check_of(f.code) == check) worst = std::max(worst, f.severity);
  }
  return worst;
}

bool any_in(const std::vector<core::Finding>& findings, Check check) {
  return std::any_of(findings.begin(), findings.end(),
                     [check](const core::Finding& f) { return check_of(f.code) == check; });
}

// True when revocation result `r` was cited by a certificate of `t`'s chain.
bool cites(const core::RevocationResult& r, const core::TargetResult& t) {
  for (const auto& subject : r.url.cited_by) {
    for (const auto& c : t.chain) {
      if (c.subject == subject) return true;
    }
  }
  return false;
}

std::array<Cell, 5> cells_for(const TargetGroup& group, const core::RunReport& report) {
  std::array<Cell, 5> cells{};
  for (const auto* t : group.targets) {
    const auto& f = t->findings;
    note(cells[0], t->dns.status != core::DnsStatus::not_run || any_in(f, Check::dns),
         worst_in(f, Check::dns), t->target);
    note(cells[1],
         t->tcp.status != core::TcpStatus::not_run || t->proxy.status != core::ProxyStatus::none ||
             any_in(f, Check::tcp_proxy),
         worst_in(f, Check::tcp_proxy), t->target);
    note(cells[2], t->tls.status != core::TlsStatus::not_run || any_in(f, Check::tls_pins),
         worst_in(f, Check::tls_pins), t->target);
    note(cells[3],
         (t->target.expect_client_cert_request && t->tls.status == core::TlsStatus::handshake_ok) ||
             any_in(f, Check::mtls),
         worst_in(f, Check::mtls), t->target);
    auto revocation = worst_in(f, Check::revocation);
    bool ran = any_in(f, Check::revocation);
    for (const auto& r : report.revocation) {
      if (!cites(r, *t)) continue;
      ran = true;
      revocation = std::max(revocation, r.verdict());
    }
    note(cells[4], ran, revocation, t->target);
  }
  return cells;
}

std::string_view css_class(core::Severity s) { return core::verdict_name(s); }

std::string esc(std::string_view text) { return html_escape(text); }

constexpr std::string_view k_style = R"(
:root{--pass:#1a7f37;--warn:#9a6700;--fail:#cf222e;--na:#6e7781;--bg-pass:#dafbe1;
--bg-warn:#fff8c5;--bg-fail:#ffebe9;--bg-na:#f6f8fa;--line:#d0d7de}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2328}
header{padding:16px 24px;border-bottom:4px solid var(--line)}
header.pass{border-color:var(--pass)}header.warn{border-color:var(--warn)}
header.fail{border-color:var(--fail)}
h1{margin:0 0 4px;font-size:22px}h2{font-size:17px;margin:24px 0 8px}
main{padding:0 24px 24px}
.meta{color:#57606a}.meta span{margin-right:18px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;
text-transform:uppercase;font-size:12px}
.badge.pass,td.pass{background:var(--bg-pass);color:var(--pass)}
.badge.warn,td.warn{background:var(--bg-warn);color:var(--warn)}
.badge.fail,td.fail{background:var(--bg-fail);color:var(--fail)}
td.na{background:var(--bg-na);color:var(--na)}
table{border-collapse:collapse;width:100%;margin:4px 0 12px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f6f8fa}
table.matrix td{text-align:center;font-weight:600}
table.matrix td.group{text-align:left;font-weight:400}
table.matrix .hosts{font-weight:400;font-size:12px}
ol.actions li{margin:6px 0}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;
word-break:break-all}
details{border:1px solid var(--line);border-left:6px solid var(--fail);border-radius:4px;
margin:8px 0;padding:6px 12px}
details.warn{border-left-color:var(--warn)}
summary{cursor:pointer;font-weight:600}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0}
td code{white-space:nowrap;word-break:normal}td.t{white-space:nowrap}
dt{color:#57606a}dd{margin:0}
.muted{color:#57606a}
button{margin:0 0 8px;font:inherit}
@media print{button{display:none}header{border-bottom-width:2px}
body{font-size:11px}details{break-inside:avoid}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
)";

constexpr std::string_view k_script = R"(
(function(){
function all(open){document.querySelectorAll('details').forEach(function(d){d.open=open;});}
var b=document.getElementById('toggle');
if(b){b.addEventListener('click',function(){var o=b.getAttribute('data-open')!=='1';all(o);
b.setAttribute('data-open',o?'1':'0');b.textContent=o?'Collapse all':'Expand all';});}
window.addEventListener('beforeprint',function(){all(true);});
})();
)";

void evidence_list(std::string& out, const core::Finding& f) {
  if (f.evidence.empty()) return;
  out += "<dl>";
  for (const auto& [key, value] : f.evidence) {
    out += fmt::format("<dt>{}</dt><dd class=\"mono\">{}</dd>", esc(key), esc(value));
  }
  out += "</dl>\n";
}

void chain_table(std::string& out, const core::TargetResult& t) {
  if (t.chain.empty()) return;
  out +=
      "<table><tr><th>#</th><th>Subject</th><th>Issuer</th><th>SPKI pin (sha256)</th>"
      "<th>Expires</th><th>SCTs</th></tr>\n";
  for (std::size_t i = 0; i < t.chain.size(); ++i) {
    const auto& c = t.chain[i];
    out += fmt::format(
        "<tr><td>{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td>"
        "<td class=\"mono\">{}</td><td>{}</td><td>{}</td></tr>\n",
        i, esc(c.subject), esc(c.issuer), esc(c.spki_pin), core::format_utc(c.not_after),
        c.sct_count);
  }
  out += "</table>\n";
  if (t.verdict_detail) {
    const auto& v = *t.verdict_detail;
    out += fmt::format(
        "<p class=\"muted\">pinset anchor verified: {}; system trust store: {}; public root: {}; "
        "hostname: {}{}</p>\n",
        v.anchor_verified ? "yes" : "no", v.system_trusted ? "trusted" : "not trusted",
        v.public_root ? "yes" : "no", v.hostname_ok ? "ok" : "mismatch",
        v.matched_pin.empty() ? std::string()
                              : fmt::format("; matched pin <code>{}</code> ({})",
                                            esc(v.matched_pin), esc(v.matched_label)));
  }
}

// One card per cause (report::group_problems), listing the targets it affects.
void problem(std::string& out, const Problem& p) {
  const auto& f = *p.finding;
  out += fmt::format(
      "<details class=\"{}\"><summary><span class=\"badge {}\">{}</span> {} &mdash; "
      "<code>{}</code> {}{}</summary>\n",
      css_class(f.severity), css_class(f.severity), core::to_string(f.severity), esc(p.where),
      f.wire(), esc(f.message),
      p.targets.size() > 1 ? fmt::format(" ({} targets)", p.targets.size()) : std::string());
  if (p.targets.size() > 1 || (p.target == nullptr && !p.targets.empty())) {
    out += "<h4>Affects</h4>\n<ul class=\"affects\">";
    for (const auto& t : p.targets) out += fmt::format("<li><code>{}</code></li>", esc(t));
    out += "</ul>\n";
  }
  out += "<h4>Evidence</h4>\n";
  evidence_list(out, f);
  if (p.target != nullptr && !p.target->chain.empty()) {
    out += "<h4>Presented chain</h4>\n";
    chain_table(out, *p.target);
  }
  out += fmt::format("<h4>Remediation</h4>\n<p>{}</p>\n",
                     esc(remediation_for(f, *p.vendor, p.target == nullptr ? p.where : "")));
  if (const auto symptoms = p.vendor->symptoms(f.code); !symptoms.empty()) {
    out += "<h4>What devices show</h4>\n<ul>";
    for (const auto& s : symptoms) out += fmt::format("<li><code>{}</code></li>", esc(s));
    out += "</ul>\n";
  }
  out += "</details>\n";
}

// The action list (report::plan_actions) at the top: what the firewall owner changes.
void action_list(std::string& out, const core::RunReport& report) {
  const auto actions = plan_actions(report);
  if (actions.empty()) return;
  out += "<h2>What to change</h2>\n<ol class=\"actions\">\n";
  auto items = [&out](std::string_view label, const std::vector<std::string>& list) {
    if (list.empty()) return;
    out += fmt::format("<div class=\"muted\">{}: ", label);
    for (std::size_t i = 0; i < list.size(); ++i) {
      out += fmt::format("{}<code>{}</code>", i == 0 ? "" : ", ", esc(list[i]));
    }
    out += "</div>";
  };
  for (const auto& a : actions) {
    out += fmt::format("<li data-kind=\"{}\"><strong>{}</strong>", to_string(a.kind),
                       esc(action_sentence(a)));
    for (const auto& d : a.details) out += fmt::format("<div>{}</div>", esc(d));
    items("targets", a.targets);
    items("URLs", a.urls);
    items("codes", a.codes);
    out += "</li>\n";
  }
  out += "</ol>\n";
}

std::string host_port(const core::Target& t) { return fmt::format("{}:{}", t.host, t.port); }

void header(std::string& out, const core::RunReport& report, const RenderOptions& options) {
  const auto verdict = report.verdict();
  const auto& env = report.environment;
  const auto s = report.summary();
  out += fmt::format(
      "<header class=\"{}\"><h1>pinprobe report{}</h1>\n<div class=\"meta\">"
      "<span>verdict <span class=\"badge {}\">{}</span> (exit {})</span>"
      "<span>started {}</span><span>took {:.1f}s</span><span>{} {}</span></div>\n"
      "<div class=\"meta\"><span>org: {}</span><span>proxy: {}</span><span>DNS: {}</span>"
      "<span>targets: {} ({} pass, {} warn, {} fail)</span><span>skipped: {}</span>"
      "<span>revocation URLs: {}</span>{}</div></header>\n",
      css_class(verdict), env.site.empty() ? std::string() : " &mdash; " + esc(env.site),
      css_class(verdict), core::verdict_name(verdict), core::exit_code_for(verdict, options.strict),
      core::format_utc(report.started_at), static_cast<double>(report.duration.count()) / 1000.0,
      esc(report.tool.name), esc(report.tool.version),
      env.org.empty() ? "(not given)" : esc(env.org), env.proxy.empty() ? "none" : esc(env.proxy),
      [&env] {
        std::string r;
        for (const auto& x : env.resolvers) r += (r.empty() ? "" : ", ") + esc(x);
        return r.empty() ? std::string("system") : r;
      }(),
      s.targets, s.pass, s.warn, s.fail, report.skipped.size(), report.revocation.size(),
      (env.routes.empty() ? std::string() : "<span>routes: " + esc(env.routes) + "</span>") +
          (report.deadline_exceeded ? "<span class=\"badge fail\">deadline exceeded</span>" : ""));
}

void matrix(std::string& out, const core::RunReport& report,
            const std::vector<TargetGroup>& groups) {
  out += "<h2>Allowlist matrix</h2>\n<table class=\"matrix\"><tr><th>Group</th><th>Allowlist</th>";
  for (auto name : k_check_names) out += fmt::format("<th>{}</th>", name);
  out += "</tr>\n";
  for (const auto& g : groups) {
    out += fmt::format("<tr><td class=\"group\">{}</td><td class=\"group\"><code>{}</code></td>",
                       esc(g.name), esc(g.allowlist));
    if (g.targets.empty()) {
      out +=
          fmt::format("<td class=\"na\" colspan=\"{}\">not probed: {} host(s) skipped</td></tr>\n",
                      k_check_names.size(), g.skipped.size());
      continue;
    }
    for (const auto& cell : cells_for(g, report)) {
      if (!cell.ran) {
        out += "<td class=\"na\">n/a</td>";
      } else if (cell.bad == 0) {
        out += fmt::format("<td class=\"pass\">pass</td>");
      } else {
        std::string hosts;
        for (const auto& h : cell.bad_hosts) {
          hosts += fmt::format("{}<code>{}</code>", hosts.empty() ? "" : " ", esc(h));
        }
        out += fmt::format("<td class=\"{}\">{} {}/{}<div class=\"hosts\">{}</div></td>",
                           css_class(cell.worst), core::verdict_name(cell.worst), cell.bad,
                           cell.total, hosts);
      }
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
}

// The route (and --compare-paths) lines under a target's decisive fact, in route modes.
std::string route_cell(const core::TargetResult& t, bool show_routes) {
  std::string out;
  if (show_routes && !t.route.empty()) {
    out += "<br><small class=\"route\">" + esc(route_text(t.route)) + "</small>";
  }
  if (t.compare) out += "<br><small class=\"route\">" + esc(compare_text(*t.compare)) + "</small>";
  return out;
}

std::string phase_time(bool ran, core::Millis elapsed) {
  return ran ? fmt::format("{} ms", elapsed.count()) : std::string("&ndash;");
}

void target_tables(std::string& out, const std::vector<TargetGroup>& groups, bool show_routes) {
  out += "<h2>Targets</h2>\n";
  for (const auto& g : groups) {
    out += fmt::format("<h3>{} <code>{}</code></h3>\n", esc(g.name), esc(g.allowlist));
    out +=
        "<table><tr><th>Verdict</th><th>Host</th><th>Address</th><th>DNS</th><th>TCP</th>"
        "<th>TLS</th><th>Decisive fact</th></tr>\n";
    for (const auto* t : g.targets) {
      const auto* decisive = decisive_finding(*t);
      out += fmt::format(
          "<tr><td class=\"{}\">{}</td><td><code>{}</code></td><td><code>{}</code></td>"
          "<td class=\"t\">{}</td><td class=\"t\">{}</td><td class=\"t\">{}</td><td>{}</td></tr>\n",
          css_class(t->verdict()), core::verdict_name(t->verdict()), esc(host_port(t->target)),
          esc(target_address(*t)),
          phase_time(t->dns.status != core::DnsStatus::not_run, t->dns.elapsed),
          phase_time(t->tcp.status != core::TcpStatus::not_run, t->tcp.elapsed),
          phase_time(t->tls.status != core::TlsStatus::not_run, t->tls.elapsed),
          decisive != nullptr ? esc(finding_line(*decisive, 2)) + route_cell(*t, show_routes)
                              : route_cell(*t, show_routes));
    }
    for (const auto* s : g.skipped) {
      out += fmt::format(
          "<tr><td class=\"na\">skipped</td><td><code>{}</code></td><td colspan=\"5\">{}</td>"
          "</tr>\n",
          esc(s->host), esc(s->reason));
    }
    out += "</table>\n";
  }
}

void revocation_table(std::string& out, const core::RunReport& report) {
  if (report.revocation.empty()) return;
  out +=
      "<h2>Revocation (port 80)</h2>\n<table><tr><th>Verdict</th><th>URL</th><th>Kind</th>"
      "<th>Source</th><th>HTTP</th><th>Content type</th><th>Via / Server</th></tr>\n";
  for (const auto& r : report.revocation) {
    const auto& h = r.outcome.http;
    out += fmt::format(
        "<tr><td class=\"{}\">{}</td><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td>{}</td>"
        "<td><code>{}</code></td><td><code>{}</code></td></tr>\n",
        css_class(r.verdict()), core::verdict_name(r.verdict()), esc(r.url.url),
        core::to_string(r.url.kind), core::to_string(r.url.source),
        h.status == 0 ? std::string("-") : std::to_string(h.status), esc(h.content_type),
        esc(h.via.empty() ? h.server : h.via + " / " + h.server));
  }
  out += "</table>\n";
}

}  // namespace

std::string html_escape(std::string_view text) {
  return core::markup_escape(core::escape_control(text), core::Markup::html);
}

std::string render_html(const core::RunReport& report, const RenderOptions& options) {
  const auto groups = group_targets(report);
  std::string out;
  out += fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
      "base-uri 'none'; form-action 'none'\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>pinprobe report{} &mdash; {}</title>\n<style>{}</style>\n</head>\n<body>\n",
      report.environment.site.empty() ? std::string() : " " + esc(report.environment.site),
      core::verdict_name(report.verdict()), k_style);
  header(out, report, options);
  out += "<main>\n";
  action_list(out, report);
  matrix(out, report, groups);
  out += "<h2>Problems</h2>\n<button id=\"toggle\" type=\"button\">Expand all</button>\n";
  const auto problems = group_problems(report);
  const bool any = !problems.empty();
  for (const auto& p : problems) problem(out, p);
  if (!any) out += "<p>No problems: every check passed.</p>\n";
  target_tables(out, groups,
                !report.environment.routes.empty() || report.environment.compare_paths);
  revocation_table(out, report);
  out += fmt::format(
      "<p class=\"muted\">{} {} &middot; OpenSSL {} &middot; libcurl {} &middot; c-ares {}</p>\n"
      "</main>\n<script>{}</script>\n</body>\n</html>\n",
      esc(report.tool.name), esc(report.tool.version), esc(report.tool.openssl),
      esc(report.tool.curl), esc(report.tool.cares), k_script);
  return out;
}

std::string_view matrix_column(core::FindingCode code) noexcept {
  const auto check = check_of(code);
  if (check == Check::other) return {};
  return k_check_names[static_cast<std::size_t>(check)];
}

}  // namespace probe::report
