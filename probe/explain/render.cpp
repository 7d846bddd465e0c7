#include "explain/render.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/text.hpp"

namespace probe::explain {

namespace {

std::string shown(const std::string& text) { return core::escape_control(text, k_max_shown_bytes); }

std::string finding_codes(const config::Signature& sig) {
  std::vector<std::string_view> wires;
  for (auto code : sig.findings) wires.push_back(core::spec_of(code).wire);
  return fmt::format("{}", fmt::join(wires, ", "));
}

std::string command_line(const CheckCommand& cmd) {
  std::string out = "pinprobe";
  for (const auto& a : cmd.args) out += " " + core::escape_control(a, 512);
  return out;
}

std::string input_kind(const ExplainInput& input) {
  return input.kind.empty() ? std::string(to_string(input.encoding)) : input.kind;
}

// "event 307 at 2024-03-05T09:41:07Z, record 12, Microsoft-...-Provider/Admin" or "line 12",
// prefixed by the file within a bundle.
std::string record_label(const MatchedLine& line) {
  std::string out = line.origin.empty() ? "" : shown(line.origin) + ": ";
  if (line.event_id) {
    out += fmt::format("event {}", *line.event_id);
    if (!line.timestamp.empty()) out += " at " + shown(line.timestamp);
    if (line.record_id != 0) out += fmt::format(", record {}", line.record_id);
    if (!line.channel.empty()) out += ", " + shown(line.channel);
  } else {
    out += fmt::format("line {}", line.line);
  }
  return out;
}

nlohmann::json or_null(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(shown(text));
}

// The header: what was read, with its notes and the --since cut.
std::string text_input_summary(const ExplainInput& input) {
  std::string out = fmt::format("{}: {} records read ({})\n", core::escape_control(input.source),
                                input.records, input_kind(input));
  for (const auto& file : input.files) {
    out += fmt::format("  read  {}: {} records ({})\n", shown(file.name), file.records,
                       shown(file.kind));
    for (const auto& problem : file.problems) out += fmt::format("    {}\n", shown(problem));
  }
  for (const auto& note : input.notes) out += fmt::format("  note  {}\n", shown(note));
  if (!input.since.empty()) {
    out += fmt::format("  --since {}: {} older records and {} without a time left out\n",
                       shown(input.since), input.skipped_older, input.skipped_untimed);
  }
  return out;
}

// The matching lines of one signature, then how many more there were.
std::string text_match_lines(const SignatureMatch& m) {
  std::string out;
  for (const auto& line : m.lines) {
    if (line.event_id || !line.origin.empty()) {
      out += fmt::format("  {}\n               {}\n", record_label(line), shown(line.text));
    } else {
      out += fmt::format("  line {:<7} {}\n", line.line, shown(line.text));
    }
  }
  if (m.count > m.lines.size()) {
    out += fmt::format("  ... and {} more\n", m.count - m.lines.size());
  }
  return out;
}

// One signature found: its cause, remediation, captures and lines.
std::string text_match(const SignatureMatch& m) {
  const auto& sig = *m.signature;
  std::string out =
      fmt::format("\n[{}] seen {} time{}\n", sig.id, m.count, m.count == 1 ? "" : "s");
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
  return out + text_match_lines(m);
}

// The signatures in order of first occurrence, when there is an order to show.
std::string text_timeline(const std::vector<SignatureMatch>& matches) {
  const auto ordered = timeline(matches);
  if (ordered.size() <= 1 && (ordered.size() != 1 || !ordered.front()->first_time)) return {};
  std::string out = "\ntimeline (first occurrence, count, last occurrence)\n";
  for (const auto* m : ordered) {
    out += fmt::format("  {:<32} {:<28} x{:<5} {}\n",
                       m->first_timestamp.empty() ? "(no time)" : shown(m->first_timestamp),
                       m->signature->id, m->count,
                       m->last_timestamp.empty() ? "" : "last " + shown(m->last_timestamp));
  }
  return out;
}

std::string text_checks(const std::vector<CheckRun>& checks) {
  std::string out;
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

nlohmann::json json_lines(const SignatureMatch& m) {
  auto lines = nlohmann::json::array();
  for (const auto& line : m.lines) {
    lines.push_back(
        {{"line", line.line},
         {"text", shown(line.text)},
         {"timestamp", or_null(line.timestamp)},
         {"event_id", line.event_id ? nlohmann::json(*line.event_id) : nlohmann::json(nullptr)},
         {"channel", or_null(line.channel)},
         {"record_id",
          line.record_id == 0 ? nlohmann::json(nullptr) : nlohmann::json(line.record_id)},
         {"file", or_null(line.origin)}});
  }
  return lines;
}

nlohmann::json json_signature(const SignatureMatch& m) {
  const auto& sig = *m.signature;
  auto codes = nlohmann::json::array();
  for (auto code : sig.findings) codes.push_back(std::string(core::spec_of(code).wire));
  auto captures = nlohmann::json::object();
  for (const auto& [name, value] : m.captures) captures[name] = shown(value);
  return {{"id", sig.id},
          {"count", m.count},
          {"first_timestamp", or_null(m.first_timestamp)},
          {"last_timestamp", or_null(m.last_timestamp)},
          {"cause", sig.cause},
          {"remediation", sig.remediation},
          {"article", sig.article},
          {"findings", std::move(codes)},
          {"confirm", sig.confirm},
          {"captures", std::move(captures)},
          {"lines", json_lines(m)}};
}

nlohmann::json json_checks(const std::vector<CheckRun>& checks) {
  auto runs = nlohmann::json::array();
  for (const auto& c : checks) {
    runs.push_back(
        {{"signature", c.command.signature_id},
         {"args", c.command.args},
         {"skipped",
          c.command.skipped.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.command.skipped)},
         {"exit_code", c.exit_code < 0 ? nlohmann::json(nullptr) : nlohmann::json(c.exit_code)}});
  }
  return runs;
}

nlohmann::json json_files(const ExplainInput& input) {
  auto files = nlohmann::json::array();
  for (const auto& file : input.files) {
    auto problems = nlohmann::json::array();
    for (const auto& p : file.problems) problems.push_back(shown(p));
    files.push_back({{"name", shown(file.name)},
                     {"kind", shown(file.kind)},
                     {"records", file.records},
                     {"problems", std::move(problems)}});
  }
  return files;
}

}  // namespace

std::string render_text(const ExplainInput& input, const std::vector<SignatureMatch>& matches,
                        const std::vector<CheckRun>& checks) {
  std::string out = text_input_summary(input);
  if (matches.empty()) {
    out += "no known signature found\n";
    return out;
  }
  out +=
      fmt::format("{} known signature{} found\n", matches.size(), matches.size() == 1 ? "" : "s");
  for (const auto& m : matches) out += text_match(m);
  out += text_timeline(matches);
  out += text_checks(checks);
  return out;
}

nlohmann::json render_json(const ExplainInput& input, const std::vector<SignatureMatch>& matches,
                           const std::vector<CheckRun>& checks) {
  auto list = nlohmann::json::array();
  for (const auto& m : matches) list.push_back(json_signature(m));
  auto notes = nlohmann::json::array();
  for (const auto& n : input.notes) notes.push_back(shown(n));
  auto order = nlohmann::json::array();
  for (const auto* m : timeline(matches)) order.push_back(m->signature->id);
  return {{"schema", std::string(k_explain_schema_id)},
          {"source", shown(input.source)},
          {"encoding", std::string(to_string(input.encoding))},
          {"kind", input_kind(input)},
          {"records", input.records},
          {"files", json_files(input)},
          {"notes", std::move(notes)},
          {"since", input.since.empty() ? nlohmann::json(nullptr)
                                        : nlohmann::json({{"duration", shown(input.since)},
                                                          {"older", input.skipped_older},
                                                          {"untimed", input.skipped_untimed}})},
          {"timeline", std::move(order)},
          {"found", !matches.empty()},
          {"signatures", std::move(list)},
          {"checks", json_checks(checks)}};
}

}  // namespace probe::explain
