// pinprobe's version and the versions of the libraries it is linked with.
#pragma once

#include <string>

namespace probe::cli {

// "pinprobe 0.1.0", then one line each for OpenSSL, libcurl and c-ares.
std::string version_text();
// pinprobe's own version, "0.1.0".
std::string version_number();

}  // namespace probe::cli
