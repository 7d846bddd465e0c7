// The socket error behind a failed libcurl transfer (CURLINFO_OS_ERRNO), as a portable value.
// libcurl reports the platform's own code: errno on POSIX, WSAGetLastError() on Windows, where
// a refused connection is WSAECONNREFUSED (10061), not ECONNREFUSED; comparing with <cerrno>
// names would classify every Windows failure as "other".
#pragma once

namespace probe::lib::curl {

enum class SocketError {
  none,
  refused,
  reset,
  timed_out,
  host_unreachable,
  net_unreachable,
  other
};

// The kind of CURLINFO_OS_ERRNO's value on the platform this binary runs on (0: none).
SocketError socket_error(long os_errno) noexcept;

}  // namespace probe::lib::curl
