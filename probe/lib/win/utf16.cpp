#include "lib/win/utf16.hpp"

#ifdef _WIN32

#include <windows.h>

#include <climits>
#include <cwchar>

namespace probe::lib::win {
namespace {

int clamped(std::size_t size) noexcept {
  return size > static_cast<std::size_t>(INT_MAX) ? INT_MAX : static_cast<int>(size);
}

}  // namespace

std::wstring wide_from_utf8(std::string_view text) {
  if (text.empty()) return {};
  const int size = clamped(text.size());
  const int n = MultiByteToWideChar(CP_UTF8, 0, text.data(), size, nullptr, 0);
  if (n <= 0) return {};
  std::wstring out(static_cast<std::size_t>(n), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, text.data(), size, out.data(), n);
  return out;
}

std::string utf8_from_wide(std::wstring_view wide) {
  if (wide.empty()) return {};
  const int size = clamped(wide.size());
  const int bytes =
      WideCharToMultiByte(CP_UTF8, 0, wide.data(), size, nullptr, 0, nullptr, nullptr);
  if (bytes <= 0) return {};
  std::string out(static_cast<std::size_t>(bytes), '\0');
  WideCharToMultiByte(CP_UTF8, 0, wide.data(), size, out.data(), bytes, nullptr, nullptr);
  return out;
}

std::string utf8_from_wide(const wchar_t* wide) {
  if (wide == nullptr) return {};
  return utf8_from_wide(std::wstring_view(wide, std::wcslen(wide)));
}

}  // namespace probe::lib::win

#endif  // _WIN32
