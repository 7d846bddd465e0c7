// The linked OpenSSL's version, without exposing OpenSSL's headers.
#pragma once

#include <string>

namespace probe::lib::openssl {
// "OpenSSL 3.0.x 1 Jan 2025".
std::string version();
}  // namespace probe::lib::openssl
