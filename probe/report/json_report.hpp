// The JSON report (SPEC §5, schema/report-v1.schema.json) and the JSON forms of the
// model's parts that other commands print (certificates).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "core/cert_facts.hpp"
#include "core/finding.hpp"
#include "core/report.hpp"

namespace probe::report {

inline constexpr std::string_view k_schema_id = "pinprobe.report/v1";

// One certificate's facts.
nlohmann::json cert_json(const core::CertFacts& facts);
// One finding: code, severity, message, remediation, symptoms, evidence.
nlohmann::json finding_json(const core::Finding& finding);
// The same in `vendor`'s words (remediation and symptoms).
nlohmann::json finding_json(const core::Finding& finding, const core::VendorProfile& vendor);
// The whole report document.
nlohmann::json report_json(const core::RunReport& report);
// report_json, pretty-printed with a trailing newline. Strings stay valid UTF-8: invalid
// bytes from the network are replaced (U+FFFD), never thrown on.
std::string render_json(const core::RunReport& report);
// Serializes any document the same way (indent 2, trailing newline, UTF-8 safe).
std::string dump(const nlohmann::json& document);

}  // namespace probe::report
