// Base64 (RFC 4648) over OpenSSL's EVP_EncodeBlock/EVP_DecodeBlock: the one encoder and
// decoder of the product. No OpenSSL header: any module may include it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace probe::lib::openssl {

// Standard base64 with padding (§4).
std::string base64_encode(std::string_view bytes);
// base64url with padding (§5): '-' and '_' for '+' and '/'.
std::string base64url_encode(std::string_view bytes);
// Standard base64, whitespace ignored; nullopt on any other character, a bad length or
// padding in the middle.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace probe::lib::openssl
