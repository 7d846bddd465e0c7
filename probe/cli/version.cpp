#include "cli/version.hpp"

#include <fmt/format.h>

#include "lib/cares/global.hpp"
#include "lib/curl/global.hpp"
#include "lib/openssl/version.hpp"

namespace probe::cli {

std::string version_number() { return PROBE_VERSION; }

std::string version_text() {
  return fmt::format("pinprobe {}\nOpenSSL: {}\nlibcurl: {}\nc-ares: {}", PROBE_VERSION,
                     lib::openssl::version(), lib::curl::version(), lib::cares::version());
}

}  // namespace probe::cli
