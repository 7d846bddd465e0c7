// pinprobe explain [LOGFILE|-]: known causes behind Okta Verify / Event Viewer log lines.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <tuple>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "config/file_source.hpp"
#include "config/signatures.hpp"
#include "core/text.hpp"
#include "core/units.hpp"
#include "explain/bundle.hpp"
#include "explain/event_record.hpp"
#include "explain/evtx_file.hpp"
#include "explain/log_text.hpp"
#include "explain/matcher.hpp"
#include "explain/render.hpp"
#include "explain/system_log.hpp"
#include "report/document.hpp"
#include "report/json_report.hpp"

namespace probe::cli {
namespace {

struct ExplainArgs {
  std::optional<std::string> file;
  std::optional<std::string> signatures;
  bool run_checks = false;
  std::string max_input = "1GiB";
  std::string max_total = "4GiB";
  std::optional<std::string> since;
  bool system = false;
  OutputArgs out;
  bool strict = false;
};

// "7d" (days), or a duration core::parse_duration reads ("36h", "90m").
core::Result<std::chrono::milliseconds> parse_since(const std::string& text) {
  if (text.size() > 1 && text.back() == 'd' &&
      std::all_of(text.begin(), text.end() - 1, [](char c) { return c >= '0' && c <= '9'; })) {
    if (text.size() > 6) {
      return core::unexpected(core::ErrorKind::usage, fmt::format("--since: '{}' is too long ago",
                                                                  core::escape_control(text, 64)));
    }
    const auto days = std::stoll(text.substr(0, text.size() - 1));
    if (days > 0) return std::chrono::milliseconds(days * 86'400'000LL);
  }
  auto duration = core::parse_duration(text);
  if (!duration) {
    return core::unexpected(core::ErrorKind::usage,
                            fmt::format("--since: {} (or Nd for days)", duration.error().message));
  }
  return *duration;
}

// The first bytes of a regular file (up to 8), or empty.
std::string file_head(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string head(8, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
  return head;
}

// One text log streamed into the scan: decoded, split and matched chunk by chunk.
class TextStream {
 public:
  TextStream(std::string source, std::string origin, explain::MatchScan& scan)
      : m_decoder(std::move(source)),
        m_splitter([this, &scan](explain::LogRecord&& record) {
          record.origin = m_origin;
          scan.add(record);
        }),
        m_origin(std::move(origin)) {}
  core::Result<void> feed(std::string_view chunk) {
    m_text.clear();
    if (auto ok = m_decoder.feed(chunk, m_text); !ok) return ok;
    m_splitter.feed(m_text);
    return {};
  }
  core::Result<void> finish() {
    m_text.clear();
    if (auto ok = m_decoder.finish(m_text); !ok) return ok;
    m_splitter.feed(m_text);
    m_splitter.finish();
    return {};
  }
  [[nodiscard]] std::size_t records() const noexcept { return m_splitter.records(); }
  [[nodiscard]] explain::Encoding encoding() const noexcept { return m_decoder.encoding(); }

 private:
  explain::LogDecoder m_decoder;
  explain::RecordSplitter m_splitter;
  std::string m_origin;
  std::string m_text;
};

// Reads the inputs of one explain run into `scan` and describes them in `input`.
class InputReader {
 public:
  InputReader(explain::MatchScan& scan, explain::ExplainInput& input,
              const explain::BundleLimits& limits)
      : m_scan(scan), m_input(input), m_limits(limits) {}

  // One text log on disk or stdin ("-"): fails as the streaming decoder does.
  core::Result<void> text_file(const std::string& path) {
    TextStream stream(m_input.source, {}, m_scan);
    auto read = config::read_chunks(path, {m_limits.max_entry_bytes, "of --max-input"},
                                    [&](std::string_view chunk) { return stream.feed(chunk); });
    if (!read) return read;
    if (auto ok = stream.finish(); !ok) return ok;
    m_input.encoding = stream.encoding();
    m_input.records = stream.records();
    return {};
  }

  // One .evtx file: `origin` names it within a folder (else empty).
  core::Result<void> evtx_file(const std::string& path, const std::string& origin) {
    auto summary = explain::read_evtx(path, event_sink(origin));
    if (!summary) return core::unexpected(summary.error());
    add_evtx(origin.empty() ? path : origin, *summary, {});
    return {};
  }

  // The records of an .evtx file (or zip entry) into the scan, `origin` naming the file they
  // come from within a folder or zip (else empty).
  std::function<void(explain::EventFields&&)> event_sink(const std::string& origin) {
    return [this, origin, index = std::size_t{0}](explain::EventFields&& event) mutable {
      auto record = explain::to_log_record(event, ++index);
      record.origin = origin;
      m_scan.add(record);
    };
  }

  // Lists the .evtx read as `name` with what its summary (and `cut`, why a zip entry was cut)
  // says about it.
  void add_evtx(const std::string& name, explain::EvtxSummary& summary, std::string_view cut) {
    explain::InputFile file{name, "evtx", summary.records, {}};
    if (!cut.empty()) file.problems.emplace_back(cut);
    if (summary.recovered > 0) {
      file.problems.push_back(
          fmt::format("{} records recovered from the file's free space", summary.recovered));
    }
    if (summary.unreadable > 0) {
      file.problems.push_back(fmt::format("{} records could not be read", summary.unreadable));
    }
    if (summary.corrupted) {
      file.problems.emplace_back(
          "the file is damaged or truncated (libevtx flags it corrupted): the records of its "
          "intact chunks were read");
    }
    for (auto& p : summary.problems) file.problems.push_back(std::move(p));
    m_input.records += summary.records;
    m_input.files.push_back(std::move(file));
  }

  // Every log file under the folder `root`; files that cannot be read are noted, not fatal.
  core::Result<void> folder(const std::string& root) {
    auto listing = explain::list_log_files(root, m_limits);
    if (!listing) return core::unexpected(listing.error());
    std::uint64_t total = 0;
    std::size_t over_total = 0;
    for (const auto& found : listing->files) {
      std::error_code ec;
      const auto size = std::filesystem::file_size(found.path, ec);
      if (!ec && total + size > m_limits.max_total_bytes) {
        ++over_total;
        continue;
      }
      total += ec ? 0 : size;
      const auto kind = found.kind == explain::LogKind::evtx || starts_like_evtx(found.path)
                            ? explain::LogKind::evtx
                            : explain::LogKind::text;
      core::Result<void> ok;
      if (kind == explain::LogKind::evtx) {
        ok = evtx_file(found.path, found.relative);
      } else {
        TextStream stream(found.relative, found.relative, m_scan);
        ok = config::read_chunks(found.path, {m_limits.max_entry_bytes, "of --max-input"},
                                 [&](std::string_view chunk) { return stream.feed(chunk); });
        if (ok) ok = stream.finish();
        if (ok) {
          m_input.records += stream.records();
          m_input.files.push_back({found.relative,
                                   std::string(explain::to_string(stream.encoding())),
                                   stream.records(),
                                   {}});
        }
      }
      if (!ok) m_input.notes.push_back(fmt::format("not read: {}", ok.error().message));
    }
    note_count(listing->skipped_other, "files that are not logs skipped");
    note_count(listing->skipped_over_cap, "log files over the file-count cap skipped");
    note_count(over_total, "log files over the --max-total size skipped");
    note_count(listing->skipped_deep, "folders deeper than the depth cap not entered");
    note_count(listing->unreadable, "folders could not be listed");
    return {};
  }

  // The log entries of a zip bundle, streamed (text) or read in memory (.evtx), never extracted
  // to disk.
  core::Result<void> zip(const std::string& path) {
    std::unique_ptr<TextStream> stream;
    explain::ZipSink sink;
    sink.begin = [&](const explain::ZipEntryInfo& entry) {
      stream = std::make_unique<TextStream>(entry.name, entry.name, m_scan);
      return true;
    };
    sink.chunk = [&](std::string_view chunk) -> core::Result<void> {
      if (!stream) return {};
      if (auto ok = stream->feed(chunk); !ok) {
        m_input.notes.push_back(fmt::format("not read: {}", ok.error().message));
        stream.reset();
      }
      return {};
    };
    sink.end = [&](const explain::ZipEntryInfo& entry, std::string_view cut) -> core::Result<void> {
      if (!stream) return {};
      if (auto ok = stream->finish(); !ok) {
        m_input.notes.push_back(fmt::format("not read: {}", ok.error().message));
      } else {
        explain::InputFile file{
            entry.name, std::string(explain::to_string(stream->encoding())), stream->records(), {}};
        if (!cut.empty()) file.problems.emplace_back(cut);
        m_input.records += stream->records();
        m_input.files.push_back(std::move(file));
      }
      stream.reset();
      return {};
    };
    if (explain::evtx_memory_supported()) {
      // An .evtx entry is read in memory, never extracted; one that is not readable is noted.
      sink.evtx = [&](const explain::ZipEntryInfo& entry, std::span<std::uint8_t> bytes,
                      std::string_view cut) -> core::Result<void> {
        auto read = explain::read_evtx_memory(entry.name, bytes, event_sink(entry.name));
        if (!read) {
          m_input.notes.push_back(fmt::format("not read: {}", read.error().message));
        } else {
          add_evtx(entry.name, *read, cut);
        }
        return {};
      };
    }
    auto summary = explain::read_zip(path, m_limits, sink);
    if (!summary) return core::unexpected(summary.error());
    for (auto& p : summary->problems) m_input.notes.push_back(std::move(p));
    note_count(summary->skipped_other, "entries that are not logs skipped");
    note_count(summary->skipped_over_cap,
               "entries over the entry-count or --max-total cap skipped");
    return {};
  }

  // The live Windows event log and the user's Okta Verify log folder.
  core::Result<void> system(std::uint64_t since_ms) {
    std::size_t index = 0;
    auto summary = explain::read_system_events(since_ms, [&](explain::EventFields&& event) {
      auto record = explain::to_log_record(event, ++index);
      m_scan.add(record);
    });
    if (!summary) return core::unexpected(summary.error());
    m_input.records += summary->events;
    for (const auto& channel : summary->channels_read) {
      m_input.files.push_back({channel, "event log channel", 0, {}});
    }
    for (auto& p : summary->problems) m_input.notes.push_back(std::move(p));
    if (const auto logs = explain::okta_verify_log_folder()) return folder(*logs);
    m_input.notes.emplace_back("no Okta Verify log folder for this user");
    return {};
  }

  static bool starts_like_evtx(const std::string& path) {
    return explain::looks_like_evtx(file_head(path));
  }

 private:
  void note_count(std::size_t n, std::string_view what) {
    if (n > 0) m_input.notes.push_back(fmt::format("{} {}", n, what));
  }
  explain::MatchScan& m_scan;
  explain::ExplainInput& m_input;
  const explain::BundleLimits& m_limits;
};

// The commands a signature may name as its confirmation: never `explain` itself (a data file
// must not make --run-checks recurse) nor `help`.
bool confirmable(const std::vector<std::string>& args) {
  static const std::set<std::string, std::less<>> k_commands{"check", "scep", "device", "cert",
                                                             "pins"};
  return !args.empty() && k_commands.contains(args.front());
}

// Runs one confirming command in this process, through the command table (run_arguments),
// and returns its exit status. With `reports_to_stderr` its report goes to stderr (a JSON
// report owns stdout).
int run_confirming(const std::vector<std::string>& args, bool reports_to_stderr) {
  std::optional<ReportsToStderr> redirect;
  if (reports_to_stderr) redirect.emplace();
  return run_arguments(args);
}

// One failing item per signature found: its cause, count, timestamps, related findings,
// confirming command and the first matching lines (log text escaped when rendered).
std::vector<report::CheckItem> check_items_of(const std::vector<explain::SignatureMatch>& matches) {
  std::vector<report::CheckItem> out;
  for (const auto& m : matches) {
    const auto& sig = *m.signature;
    report::CheckItem item{sig.id, core::Severity::fail, sig.cause, {}, sig.remediation};
    item.details.emplace_back("count", std::to_string(m.count));
    if (!m.first_timestamp.empty()) item.details.emplace_back("first", m.first_timestamp);
    if (!m.last_timestamp.empty()) item.details.emplace_back("last", m.last_timestamp);
    std::string codes;
    for (const auto code : sig.findings) {
      codes += (codes.empty() ? "" : ", ") + std::string(core::spec_of(code).wire);
    }
    item.details.emplace_back("findings", codes);
    item.details.emplace_back("confirm", sig.confirm);
    item.details.emplace_back("article", sig.article);
    for (const auto& line : m.lines) {
      auto label = line.event_id ? fmt::format("event {} record {}", *line.event_id, line.record_id)
                                 : fmt::format("line {}", line.line);
      if (!line.origin.empty()) label = core::escape_control(line.origin, 200) + " " + label;
      item.details.emplace_back(std::move(label),
                                core::escape_control(line.text, explain::k_max_shown_bytes));
    }
    out.push_back(std::move(item));
  }
  return out;
}

// --run-checks: the confirming command of each match, run in-process when it is one of ours.
std::vector<explain::CheckRun> run_confirming_checks(
    const std::vector<explain::SignatureMatch>& matches, bool json) {
  std::vector<explain::CheckRun> checks;
  for (auto& command : explain::build_check_commands(matches)) {
    explain::CheckRun run{std::move(command), -1};
    if (run.command.skipped.empty() && !confirmable(run.command.args)) {
      run.command.skipped = "not a pinprobe check, scep, device, cert or pins command";
    }
    if (run.command.skipped.empty()) run.exit_code = run_confirming(run.command.args, json);
    checks.push_back(std::move(run));
  }
  return checks;
}

// The option combinations explain refuses before reading anything.
core::Result<void> check_explain_args(const ExplainArgs& args) {
  if (args.system && args.file) {
    return core::unexpected(core::ErrorKind::usage,
                            "--system reads this machine's logs: give no LOGFILE with it");
  }
  if (args.system && !explain::system_supported()) {
    return core::unexpected(explain::read_system_events(0, nullptr).error());
  }
  return {};
}

// The built-in signatures, or those of --signatures.
core::Result<std::vector<config::Signature>> load_signatures(const ExplainArgs& args) {
  if (!args.signatures) return config::default_signatures();
  auto text = config::read_file(*args.signatures, config::k_config_limit);
  if (!text) return core::unexpected(text.error());
  return config::parse_signatures(*text, *args.signatures);
}

// --max-input and --max-total as bundle limits.
core::Result<explain::BundleLimits> parse_limits(const ExplainArgs& args) {
  explain::BundleLimits limits;
  for (auto [option, text, target] :
       {std::tuple{"--max-input", &args.max_input, &limits.max_entry_bytes},
        std::tuple{"--max-total", &args.max_total, &limits.max_total_bytes}}) {
    auto size = core::parse_size(*text);
    if (!size) {
      return core::unexpected(core::ErrorKind::usage,
                              fmt::format("{}: {}", option, size.error().message));
    }
    *target = *size;
  }
  return limits;
}

// --since as the earliest record time (seconds since the epoch) and as a span in milliseconds.
struct SinceWindow {
  std::optional<std::int64_t> since;
  std::uint64_t since_ms = 0;
};

core::Result<SinceWindow> parse_since_window(const ExplainArgs& args) {
  SinceWindow window;
  if (!args.since) return window;
  auto duration = parse_since(*args.since);
  if (!duration) return core::unexpected(duration.error());
  window.since_ms = static_cast<std::uint64_t>(duration->count());
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  window.since = now - duration->count() / 1000;
  return window;
}

// Reads a single file (or standard input) by what it looks like: .evtx, zip or text.
core::Result<void> read_file_input(const std::string& file, InputReader& reader,
                                   explain::ExplainInput& input) {
  const auto head = file == "-" ? std::string() : file_head(file);
  const auto lower = core::to_lower(file);
  if (explain::looks_like_evtx(head) || (head.empty() && lower.ends_with(".evtx"))) {
    input.kind = "evtx";
    return reader.evtx_file(file, {});
  }
  if (explain::looks_like_zip(head) || (head.empty() && lower.ends_with(".zip"))) {
    input.kind = "zip";
    return reader.zip(file);
  }
  return reader.text_file(file);
}

// Streams the input explain was given: the system logs, a folder, or a file.
core::Result<void> read_input(const ExplainArgs& args, const std::string& file,
                              std::uint64_t since_ms, InputReader& reader,
                              explain::ExplainInput& input) {
  std::error_code ec;
  if (args.system) {
    input.kind = "system";
    return reader.system(since_ms);
  }
  if (file != "-" && std::filesystem::is_directory(file, ec)) {
    input.kind = "folder";
    return reader.folder(file);
  }
  return read_file_input(file, reader, input);
}

core::Result<int> run_explain(const ExplainArgs& args) {
  if (auto ok = check_explain_args(args); !ok) return core::unexpected(ok.error());
  auto signatures = load_signatures(args);
  if (!signatures) return core::unexpected(signatures.error());
  auto limits = parse_limits(args);
  if (!limits) return core::unexpected(limits.error());
  auto window = parse_since_window(args);
  if (!window) return core::unexpected(window.error());
  const auto file = args.file.value_or("-");
  explain::ExplainInput input;
  input.source = args.system   ? std::string("<system>")
                 : file == "-" ? std::string("<stdin>")
                               : file;
  input.since = args.since.value_or("");
  // Every input is streamed: decoded, split and matched chunk by chunk in bounded memory.
  const explain::Matcher matcher(*signatures);
  explain::MatchScan scan(matcher, window->since);
  InputReader reader(scan, input, *limits);
  if (auto read = read_input(args, file, window->since_ms, reader, input); !read) {
    return core::unexpected(read.error());
  }
  if (input.kind == "folder" || input.kind == "zip") {
    input.kind +=
        fmt::format(", {} file{}", input.files.size(), input.files.size() == 1 ? "" : "s");
  }
  const auto matches = scan.finish();
  input.skipped_older = scan.skipped_older();
  input.skipped_untimed = scan.skipped_untimed();

  std::vector<explain::CheckRun> checks;
  if (args.run_checks)
    checks = run_confirming_checks(matches, args.out.format == core::ReportFormat::json);
  report::Document document{"explain", input.source, check_items_of(matches),
                            explain::render_text(input, matches, checks)};
  document.json = explain::render_json(input, matches, checks);
  return finish_document(document, args.out, args.strict);
}

}  // namespace

CommandFn add_explain_command(CLI::App& app) {
  auto args = std::make_shared<ExplainArgs>();
  app.add_option("logfile", args->file,
                 "log file (text, .evtx), folder of logs, zip bundle, or - for standard input "
                 "(default)");
  app.add_flag("--system", args->system,
               "Windows: read the event log channels (DeviceManagement Admin, Okta, TPM) and the "
               "Okta Verify log folder of the current user");
  app.add_option("--since", args->since,
                 "only records from the last DUR (7d, 36h, 90m); records without a time are "
                 "left out");
  app.add_option("--signatures", args->signatures,
                 "signature file to use instead of the built-in data/explain-signatures.yaml");
  app.add_flag("--run-checks", args->run_checks,
               "run the pinprobe command that confirms each signature found");
  app.add_option("--max-input", args->max_input,
                 "refuse a log larger than SIZE (default 1GiB; read in bounded memory); in a "
                 "folder or zip, the cap of each file or entry (uncompressed)");
  app.add_option("--max-total", args->max_total,
                 "in a folder or zip, stop after SIZE of logs in all (default 4GiB, uncompressed)");
  add_output_options(app, args->out,
                     {core::k_report_formats.begin(), core::k_report_formats.end()});
  add_strict_option(app, args->strict);
  return [args] { return run_explain(*args); };
}

}  // namespace probe::cli
