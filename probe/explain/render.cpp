#include "explain/render.hpp"

#include <fmt/format.h>

#include "core/text.hpp"

namespace probe::explain {

namespace {

std::string shown(const std::string& text) { return core::escape_control(text, k_max_shown_bytes); }

std::string finding_codes(const config::Signature& sig) {
  std::string out;
  for (auto code : sig.findings) {
    if (!out.empty()) out += ", ";
    out += core::spec_of(code).wire;
  }
  return out;
}

std::string command_line(const CheckCommand& cmd) {
  std::string out = "pinprobe";
  for (const auto& a : cmd.args) out += " " + core::escape_control(a, 512);
  return out;
}

}  // namespace

std::string render_text(const ExplainInput& input, const std::vector<SignatureMatch>& matches,
                        const std::vector<CheckRun>& checks) {
  std::string out = fmt::format("{}: {} records read ({})\n", core::escape_control(input.source),
                                input.records, to_string(input.encoding));
  if (matches.empty()) {
    out += "no known signature found\n";
    return out;
  }
  out +=
      fmt::format("{} known signature{} found\n", matches.size(), matches.size() == 1 ? "" : "s");
  for (const auto& m : matches) {
    const auto& sig = *m.signature;
    out += fmt::format("\n[{}] seen {} time{}\n", sig.id, m.count, m.count == 1 ? "" : "s");
    if (!m.first_timestamp.empty()) {
      out += fmt::format("  first        {}\n  last         {}\n", shown(m.first_timestamp),
                         shown(m.last_timestamp));
    }
    out += fmt::format("  cause        {}\n", sig.cause);
    out += fmt::format("  remediation  {}\n", sig.remediation);
    out += fmt::format("  article      {}\n", sig.article);
    out += fmt::format("  findings     {}\n", finding_codes(sig));
    out += fmt::format("  confirm      {}\n", sig.confirm);
    for (const auto& [name, value] : m.captures) {
      out += fmt::format("  {:<12} {}\n", name, shown(value));
    }
    for (const auto& line : m.lines) {
      out += fmt::format("  line {:<7} {}\n", line.line, shown(line.text));
    }
    if (m.count > m.lines.size()) {
      out += fmt::format("  ... and {} more\n", m.count - m.lines.size());
    }
  }
  if (!checks.empty()) out += "\nconfirming checks\n";
  for (const auto& c : checks) {
    if (!c.command.skipped.empty()) {
      out += fmt::format("  {}: skipped: {}\n", command_line(c.command), c.command.skipped);
    } else {
      out += fmt::format("  {}: exit {}\n", command_line(c.command), c.exit_code);
    }
  }
  return out;
}

nlohmann::json render_json(const ExplainInput& input, const std::vector<SignatureMatch>& matches,
                           const std::vector<CheckRun>& checks) {
  auto list = nlohmann::json::array();
  for (const auto& m : matches) {
    const auto& sig = *m.signature;
    auto codes = nlohmann::json::array();
    for (auto code : sig.findings) codes.push_back(std::string(core::spec_of(code).wire));
    auto lines = nlohmann::json::array();
    for (const auto& line : m.lines) {
      lines.push_back({{"line", line.line}, {"text", shown(line.text)}});
    }
    auto captures = nlohmann::json::object();
    for (const auto& [name, value] : m.captures) captures[name] = shown(value);
    list.push_back(
        {{"id", sig.id},
         {"count", m.count},
         {"first_timestamp", m.first_timestamp.empty() ? nlohmann::json(nullptr)
                                                       : nlohmann::json(shown(m.first_timestamp))},
         {"last_timestamp", m.last_timestamp.empty() ? nlohmann::json(nullptr)
                                                     : nlohmann::json(shown(m.last_timestamp))},
         {"cause", sig.cause},
         {"remediation", sig.remediation},
         {"article", sig.article},
         {"findings", std::move(codes)},
         {"confirm", sig.confirm},
         {"captures", std::move(captures)},
         {"lines", std::move(lines)}});
  }
  auto runs = nlohmann::json::array();
  for (const auto& c : checks) {
    runs.push_back(
        {{"signature", c.command.signature_id},
         {"args", c.command.args},
         {"skipped",
          c.command.skipped.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.command.skipped)},
         {"exit_code", c.exit_code < 0 ? nlohmann::json(nullptr) : nlohmann::json(c.exit_code)}});
  }
  return {{"schema", std::string(k_explain_schema_id)},
          {"source", shown(input.source)},
          {"encoding", std::string(to_string(input.encoding))},
          {"records", input.records},
          {"found", !matches.empty()},
          {"signatures", std::move(list)},
          {"checks", std::move(runs)}};
}

}  // namespace probe::explain
