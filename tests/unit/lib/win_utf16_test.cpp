// lib/win/utf16: the UTF-8 <-> UTF-16 conversions every Windows caller uses. Windows only (the
// cross build runs them under Wine); nothing to test elsewhere.
#include <doctest/doctest.h>

#include "lib/win/utf16.hpp"

#ifdef _WIN32

#include <string>

using namespace probe;

TEST_CASE("lib::win: UTF-16 converts to UTF-8, surrogate pairs included") {
  CHECK(lib::win::utf8_from_wide(std::wstring_view()) == "");
  CHECK(lib::win::utf8_from_wide(static_cast<const wchar_t*>(nullptr)) == "");
  CHECK(lib::win::utf8_from_wide(L"C:\\Temp\\x.pem") == "C:\\Temp\\x.pem");
  CHECK(lib::win::utf8_from_wide(L"Z\u00FCrich-\u65E5\u672C") ==
        "Z\xC3\xBCrich-\xE6\x97\xA5\xE6\x9C\xAC");
  const wchar_t clef[] = {0xD834, 0xDD1E, 0};  // U+1D11E as a surrogate pair
  CHECK(lib::win::utf8_from_wide(clef) == "\xF0\x9D\x84\x9E");
}

TEST_CASE("lib::win: UTF-8 converts to UTF-16 and back unchanged") {
  CHECK(lib::win::wide_from_utf8("").empty());
  CHECK(lib::win::wide_from_utf8("Z\xC3\xBCrich") == L"Z\u00FCrich");
  const std::string clef = "\xF0\x9D\x84\x9E";
  CHECK(lib::win::wide_from_utf8(clef) == std::wstring{wchar_t(0xD834), wchar_t(0xDD1E)});
  const std::string mixed = "okta \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9D\x84\x9E end";
  CHECK(lib::win::utf8_from_wide(lib::win::wide_from_utf8(mixed)) == mixed);
  // A string with an embedded NUL keeps its length (sizes, not NUL-terminated).
  CHECK(lib::win::wide_from_utf8(std::string_view("a\0b", 3)).size() == 3);
}

#endif  // _WIN32
