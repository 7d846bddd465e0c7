// Golden-file comparison: tests/golden/<format>/<name>; rewritten instead of compared when
// the environment sets PINPROBE_UPDATE_GOLDEN=1 (review the diff, then commit).
#pragma once

#include <string>

namespace probe::report::testing {

// Empty when `actual` equals the golden file (or it was just rewritten); else a message.
std::string check_golden(const std::string& relative_path, const std::string& actual);

}  // namespace probe::report::testing
