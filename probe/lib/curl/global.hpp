// Library-global state of libcurl: one scope object, created first in cli::run() and
// destroyed last (curl_global_init is not thread-safe and must precede every handle).
#pragma once

#include <string>

#include "lib/library_scope.hpp"

namespace probe::lib::curl {

// curl_global_init(CURL_GLOBAL_DEFAULT) now, curl_global_cleanup() when the scope ends.
LibraryScope global_scope();

// "8.1.2 (OpenSSL/3.0.x)": libcurl's version and its TLS backend.
std::string version();

}  // namespace probe::lib::curl
