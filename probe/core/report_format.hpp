// The report formats of SPEC §5 as a type: the CLI parses --format straight into it and
// report::render maps each to its renderer.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace probe::core {

enum class ReportFormat { text, json, junit, prom, html };

inline constexpr std::array k_report_formats{ReportFormat::text, ReportFormat::json,
                                             ReportFormat::junit, ReportFormat::prom,
                                             ReportFormat::html};

// "text", "json", "junit", "prom", "html": the --format words.
constexpr std::string_view to_string(ReportFormat format) noexcept {
  switch (format) {
    case ReportFormat::text:
      return "text";
    case ReportFormat::json:
      return "json";
    case ReportFormat::junit:
      return "junit";
    case ReportFormat::prom:
      return "prom";
    case ReportFormat::html:
      return "html";
  }
  return "text";
}

// The format named `word`, nullopt for any other word.
constexpr std::optional<ReportFormat> parse_report_format(std::string_view word) noexcept {
  for (const auto format : k_report_formats) {
    if (to_string(format) == word) return format;
  }
  return std::nullopt;
}

}  // namespace probe::core
