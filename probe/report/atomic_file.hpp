// Writing a report file atomically: a temporary file beside the target, then rename, so a
// reader (node_exporter's textfile collector, a CI step) never sees a partial report.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace probe::report {

// Writes `bytes` to `path` through "<path>.tmp.<pid>" + fsync + rename. On failure the
// temporary file is removed and `path` is untouched; fails (io) naming the path.
core::Result<void> write_atomically(const std::string& path, std::string_view bytes);

}  // namespace probe::report
