// UTF-8 <-> UTF-16 for the Windows API (MultiByteToWideChar / WideCharToMultiByte): the one
// place every Windows module (platform, route, explain, report) converts its strings. Windows
// only; sizes beyond INT_MAX code units are cut there.
#pragma once

#ifdef _WIN32

#include <string>
#include <string_view>

namespace probe::lib::win {

// UTF-8 -> UTF-16; an invalid byte sequence becomes U+FFFD.
std::wstring wide_from_utf8(std::string_view text);

// UTF-16 -> UTF-8; an unpaired surrogate becomes U+FFFD.
std::string utf8_from_wide(std::wstring_view wide);

// A NUL-terminated UTF-16 string (nullptr: empty) -> UTF-8.
std::string utf8_from_wide(const wchar_t* wide);

}  // namespace probe::lib::win

#endif  // _WIN32
