// The platform's own socket error codes, as libcurl's CURLINFO_OS_ERRNO reports them: errno
// values on POSIX, WSAGetLastError() values on Windows (the same names with a WSA prefix).
// Tests that build TransferFacts by hand use these so that they mean the same failure on both.
#pragma once

#ifdef _WIN32
#include <winsock2.h>
#define PROBE_TEST_SOCKET_CODE(name) WSA##name
#else
#include <cerrno>
#define PROBE_TEST_SOCKET_CODE(name) name
#endif

namespace probe::test {

inline constexpr long k_conn_refused = PROBE_TEST_SOCKET_CODE(ECONNREFUSED);
inline constexpr long k_conn_reset = PROBE_TEST_SOCKET_CODE(ECONNRESET);
inline constexpr long k_timed_out = PROBE_TEST_SOCKET_CODE(ETIMEDOUT);
inline constexpr long k_host_unreachable = PROBE_TEST_SOCKET_CODE(EHOSTUNREACH);
inline constexpr long k_net_unreachable = PROBE_TEST_SOCKET_CODE(ENETUNREACH);
inline constexpr long k_other = PROBE_TEST_SOCKET_CODE(EACCES);

}  // namespace probe::test

#undef PROBE_TEST_SOCKET_CODE
