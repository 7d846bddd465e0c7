#include "lib/curl/socket_error.hpp"

#include <array>
#include <utility>

#ifdef _WIN32
#include <winsock2.h>
// Winsock names its codes after POSIX's with a WSA prefix (WSAECONNREFUSED = 10061).
#define PROBE_SOCKET_CODE(name) WSA##name
#else
#include <cerrno>
#define PROBE_SOCKET_CODE(name) name
#endif

namespace probe::lib::curl {
namespace {

using enum SocketError;

// The platform's codes for each kind; anything else is `other`.
constexpr std::array<std::pair<long, SocketError>, 9> k_codes{{
    {PROBE_SOCKET_CODE(ECONNREFUSED), refused},
    {PROBE_SOCKET_CODE(ECONNRESET), reset},
    {PROBE_SOCKET_CODE(ECONNABORTED), reset},
    {PROBE_SOCKET_CODE(ETIMEDOUT), timed_out},
    {PROBE_SOCKET_CODE(EHOSTUNREACH), host_unreachable},
    {PROBE_SOCKET_CODE(EHOSTDOWN), host_unreachable},
    {PROBE_SOCKET_CODE(ENETUNREACH), net_unreachable},
    {PROBE_SOCKET_CODE(ENETDOWN), net_unreachable},
    {0, none},
}};

}  // namespace

SocketError socket_error(long os_errno) noexcept {
  for (const auto& [code, kind] : k_codes) {
    if (code == os_errno) return kind;
  }
  return other;
}

}  // namespace probe::lib::curl

#undef PROBE_SOCKET_CODE
