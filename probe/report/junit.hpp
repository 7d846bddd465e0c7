// The JUnit XML report (SPEC §5): for CI systems.
#pragma once

#include <string>
#include <string_view>

#include "core/report.hpp"

namespace probe::report {

// One <testsuite> per group (plus "revocation"), one <testcase> per target; fail findings
// (and warn findings when `strict`) become <failure> elements carrying code, message and
// evidence. Skipped {org} hosts are <skipped/> test cases. Well-formed XML 1.0.
std::string render_junit(const core::RunReport& report, bool strict);

// `text` escaped for XML 1.0 character data and attribute values: control characters are
// first made visible (core::escape_control), then & < > " ' become entities.
std::string xml_escape(std::string_view text);

// `text` (already made visible, unbounded) escaped for XML character data: & < > " ' become
// entities; newline and tab stay; any other control character becomes \xNN.
std::string xml_markup(std::string_view text);

}  // namespace probe::report
